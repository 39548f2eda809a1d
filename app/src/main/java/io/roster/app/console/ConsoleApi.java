package io.roster.app.console;

import io.roster.app.security.ConsoleAccess;
import io.roster.app.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The console's only way to read or change anything: Roster's own REST API, called on this node on behalf of the
 * signed-in person with their token. The console therefore cannot do what the API would refuse them, and whatever
 * it does is audited exactly like an API call (with the person as actor and their browser's address).
 */
@Component
class ConsoleApi {

    private final Environment environment;
    private final ConsoleAccess access;
    private final ObjectMapper json;
    private final RestClient client;

    ConsoleApi(Environment environment, ConsoleAccess access, ObjectMapper json) {
        this.environment = environment;
        this.access = access;
        this.json = json;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(Duration.ofSeconds(30));
        this.client = RestClient.builder().requestFactory(factory).build();
    }

    /** Query parameters; repeated keys (e.g. several actor types) stay repeated, blanks are left out. */
    static MultiValueMap<String, String> params(Map<String, ?> values) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        values.forEach((key, value) -> {
            if (value instanceof List<?> list) {
                list.stream().filter(item -> item != null && !item.toString().isBlank())
                        .forEach(item -> params.add(key, item.toString()));
            } else if (value != null && !value.toString().isBlank()) {
                params.add(key, value.toString());
            }
        });
        return params;
    }

    /** The filters as a query string for links ("a=1&b=2&"), repeated keys repeated, blanks left out. */
    static String queryString(Map<String, ?> filters) {
        StringBuilder query = new StringBuilder();
        params(filters).forEach((key, values) -> values.forEach(value -> query.append(key).append('=')
                .append(UriUtils.encode(value, StandardCharsets.UTF_8)).append('&')));
        return query.toString();
    }

    /** Every organization the person may read, following the pages to the end (an empty list if they may not). */
    List<Map<String, Object>> organizations(HttpServletRequest request) {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String cursor = null;
        try {
            do {
                Map<String, Object> page = get(request, "/api/v1/organizations",
                        params(Map.of("limit", 200, "cursor", cursor == null ? "" : cursor)));
                ((List<?>) page.get("items")).forEach(item -> all.add(castMap(item)));
                cursor = page.get("nextCursor") == null ? null : page.get("nextCursor").toString();
            } while (cursor != null);
        } catch (ApiProblem notAllowed) {
            Outcomes.rethrowUnlessRefusal(notAllowed);
            return List.of();
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object item) {
        return (Map<String, Object>) item;
    }

    Map<String, Object> get(HttpServletRequest request, String path) {
        return get(request, path, new LinkedMultiValueMap<>());
    }

    Map<String, Object> get(HttpServletRequest request, String path, MultiValueMap<String, String> query) {
        return exchange(request, "GET", path, query, null);
    }

    Map<String, Object> send(HttpServletRequest request, String method, String path, Object body) {
        return exchange(request, method, path, new LinkedMultiValueMap<>(), body == null ? null
                : new Body(MediaType.APPLICATION_JSON, json.writeValueAsString(body)));
    }

    /** A request with a body that is not JSON (e.g. a CSV file for an import). */
    Map<String, Object> send(HttpServletRequest request, String method, String path, MultiValueMap<String, String> query,
                             MediaType type, String body) {
        return exchange(request, method, path, query, new Body(type, body));
    }

    private record Body(MediaType type, String content) {
    }

    /**
     * Relays a download (an audit export, an import's failed rows) from the API to the browser as it streams, with
     * the API's content type and file name.
     */
    void relay(HttpServletRequest request, HttpServletResponse browser, String path, MultiValueMap<String, String> query) {
        client.get().uri(uri(path, query)).headers(h -> authorize(request, h)).exchange((req, response) -> {
            if (response.getStatusCode().isError()) {
                throw problem(response.getStatusCode(), response.getBody().readAllBytes());
            }
            MediaType type = response.getHeaders().getContentType();
            browser.setContentType(type == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE : type.toString());
            String disposition = response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION);
            if (disposition != null) {
                browser.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition);
            }
            response.getBody().transferTo(browser.getOutputStream());
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> exchange(HttpServletRequest request, String method, String path,
                                         MultiValueMap<String, String> query, Body body) {
        RestClient.RequestBodySpec spec = client.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(uri(path, query)).headers(h -> authorize(request, h));
        if (body != null) {
            spec.contentType(body.type()).body(body.content());
        }
        return spec.exchange((req, response) -> {
            byte[] bytes = response.getBody().readAllBytes();
            if (response.getStatusCode().isError()) {
                throw problem(response.getStatusCode(), bytes);
            }
            Object read = bytes.length == 0 ? new java.util.LinkedHashMap<>() : json.readValue(bytes, Object.class);
            // a list answer (e.g. seat history) is given as {"items": [...]} like the paged ones
            Map<String, Object> result = read instanceof Map<?, ?> map ? (Map<String, Object>) map
                    : new java.util.LinkedHashMap<>(Map.of("items", read));
            response.getHeaders().getOrEmpty(HttpHeaders.LOCATION).stream().findFirst()
                    .ifPresent(location -> result.putIfAbsent("location", location));
            return result;
        });
    }

    private java.net.URI uri(String path, MultiValueMap<String, String> query) {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        // paths arrive encoded (UsersConsole.encode); query values are encoded here
        MultiValueMap<String, String> encoded = new LinkedMultiValueMap<>();
        query.forEach((key, values) -> values.forEach(value ->
                encoded.add(key, UriUtils.encode(value, StandardCharsets.UTF_8))));
        return UriComponentsBuilder.fromUriString("http://127.0.0.1:" + port + path).queryParams(encoded).build(true)
                .toUri();
    }

    private void authorize(HttpServletRequest request, HttpHeaders headers) {
        headers.setBearerAuth(access.accessToken(request));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL));
        Object requestId = request.getAttribute(RequestIdFilter.REQUEST_ID_ATTRIBUTE);
        if (requestId != null) {
            headers.set(RequestIdFilter.REQUEST_ID_HEADER, requestId.toString());
        }
    }

    private ApiProblem problem(HttpStatusCode status, byte[] body) {
        String detail = null;
        String field = null;
        try {
            JsonNode problem = json.readTree(body);
            detail = problem.path("detail").asString(null);
            field = problem.path("field").asString(null);
            if (field == null && problem.path("errors").isArray() && !problem.path("errors").isEmpty()) {
                field = problem.path("errors").get(0).path("field").asString(null);
                detail = detail == null ? problem.path("errors").get(0).path("detail").asString(null) : detail;
            }
        } catch (RuntimeException notJson) {
            // a body that is not a problem document: the status says enough
        }
        return new ApiProblem(status.value(), detail, field);
    }
}
