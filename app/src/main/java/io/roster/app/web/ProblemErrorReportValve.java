package io.roster.app.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * What Tomcat answers itself, before Spring sees the request (a malformed URI, an encoded NUL or backslash, a
 * request line or header too long): problem+json instead of Tomcat's HTML error page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            // identity providers parse SCIM errors only; the path is known unless the request line itself was unreadable
            boolean scim = request.getRequestURI() != null && request.getRequestURI().startsWith("/scim/");
            response.setContentType(scim ? "application/scim+json" : "application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(scim
                        ? "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"" + status
                                + "\",\"detail\":\"" + detail(status) + "\"}"
                        : "{\"type\":\"/problems/" + slug(status) + "\",\"title\":\"" + title(status)
                                + "\",\"status\":" + status + ",\"detail\":\"" + detail(status) + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing more to say
        }
    }

    static String slug(int status) {
        return switch (status) {
            case 400 -> "malformed-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "request-timeout";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            case 503 -> "unavailable";
            default -> status < 500 ? "bad-request" : "internal-error";
        };
    }

    private static String title(int status) {
        String slug = slug(status);
        return Character.toUpperCase(slug.charAt(0)) + slug.substring(1).replace('-', ' ');
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed: check the path, its encoding (no encoded NUL, backslash or slash)"
                    + " and the headers";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request body is too large";
            case 414 -> "the request line is too long";
            case 431 -> "the request headers are too large";
            default -> status < 500 ? "the request cannot be processed" : "Roster failed to answer this request";
        };
    }
}
