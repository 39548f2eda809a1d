package io.roster.query.common;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** RFC 9457 problems raised by queries; the application's problem handler renders them as they are. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException of(HttpStatus status, String type, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title(type));
        if (field != null) {
            problem.setProperty("field", field);
        }
        return new ErrorResponseException(status, problem, null);
    }

    public static ErrorResponseException notFound(String resource, String id) {
        return of(HttpStatus.NOT_FOUND, resource + "-not-found", resource + " " + id + " does not exist", null);
    }

    public static ErrorResponseException gone(String resource, String id) {
        return of(HttpStatus.GONE, resource + "-deleted", resource + " " + id + " was deleted", null);
    }

    public static ErrorResponseException badParameter(String field, String detail) {
        return of(HttpStatus.BAD_REQUEST, "invalid-parameter", detail, field);
    }

    /** "duplicate-username" -> "Duplicate username". */
    public static String title(String type) {
        String words = type.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
