package io.roster.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a query string that is not percent-encoded UTF-8 ({@code ?q=%ff}, {@code ?q=%zz}) before anything reads
 * a parameter. Tomcat parses parameters lazily and throws from whichever {@code getParameter} call comes first (a
 * security filter, an argument resolver), so the failure would surface as a 500 at a different place per route;
 * checked here, once, every route answers 400 naming the parameter: problem+json, or a SCIM error under /scim.
 * Runs right after {@link RequestIdFilter}, so the answer carries the request id, and before Spring Security.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class QueryStringFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(QueryStringFilter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Named when the broken part is a parameter's name, or no name can be decoded. */
    static final String WHOLE_QUERY = "the query string";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String invalid = invalidParameter(request.getQueryString());
        if (invalid == null) {
            chain.doFilter(request, response);
            return;
        }
        log.info("Refused {} {}: {} is not valid percent-encoded UTF-8", request.getMethod(), request.getRequestURI(),
                invalid);
        String detail = (invalid.equals(WHOLE_QUERY) ? WHOLE_QUERY : "the query parameter " + invalid)
                + " is not valid percent-encoded UTF-8: encode each byte outside A-Z a-z 0-9 -._~ as %XX of its UTF-8"
                + " encoding";
        Map<String, Object> body = new LinkedHashMap<>();
        if (request.getRequestURI().startsWith("/scim/")) {
            body.put("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:Error"));
            body.put("status", "400");
            body.put("scimType", "filter".equals(invalid) ? "invalidFilter" : "invalidValue");
            body.put("detail", detail);
            response.setContentType("application/scim+json");
        } else {
            body.put("type", "/problems/invalid-parameter");
            body.put("title", "Invalid parameter");
            body.put("status", 400);
            body.put("detail", detail);
            body.put("field", invalid);
            body.put("instance", request.getRequestURI());
            Object requestId = request.getAttribute(RequestIdFilter.REQUEST_ID_ATTRIBUTE);
            if (requestId != null) {
                body.put("requestId", requestId);
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /**
     * The name of the first parameter whose name or value does not decode as Tomcat decodes it
     * (application/x-www-form-urlencoded, UTF-8), {@link #WHOLE_QUERY} when the name itself is broken, or null.
     */
    static String invalidParameter(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (name == null) {
                return WHOLE_QUERY;
            }
            if (equals >= 0 && decode(pair.substring(equals + 1)) == null) {
                return name.isEmpty() ? WHOLE_QUERY : name;
            }
        }
        return null;
    }

    /** The decoded text, or null when a % is not followed by two hex digits or the bytes are not UTF-8. */
    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
