package io.roster.app.security;

import io.roster.app.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** 401 and 403 from the security filters, as RFC 9457 problems like every other error. */
public class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        bearer.commence(request, response, exception); // sets the status and WWW-Authenticate as RFC 6750 asks
        String detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                ? "this endpoint needs a bearer token: get one at POST /oauth2/token"
                : "the bearer token is invalid, expired, or its principal is no longer active";
        write(request, response, response.getStatus(), "unauthenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        write(request, response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                "the caller's roles do not permit this request");
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
                             String detail) throws IOException {
        write(request, response, status, type, detail, request.getRequestURI());
    }

    /** Writes an RFC 9457 problem for {@code instance} (the path the caller asked for). */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
                             String detail, String instance) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/" + type);
        problem.put("title", Character.toUpperCase(type.charAt(0)) + type.substring(1).replace('-', ' '));
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        Object requestId = request.getAttribute(RequestIdFilter.REQUEST_ID_ATTRIBUTE);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
