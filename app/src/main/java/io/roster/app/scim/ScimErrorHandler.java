package io.roster.app.scim;

import io.roster.app.web.DatabaseUnavailable;
import io.roster.app.web.InvalidCharacters;
import io.roster.app.web.InvalidParameters;
import io.roster.command.common.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SCIM endpoints answer errors as SCIM errors ({@code urn:ietf:params:scim:api:messages:2.0:Error}, status as a
 * string, {@code scimType} where RFC 7644 defines one), which identity providers parse; never a stack trace.
 */
@RestControllerAdvice(basePackageClasses = ScimErrorHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScimErrorHandler {

    static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");
    private static final Logger log = LoggerFactory.getLogger(ScimErrorHandler.class);

    @ExceptionHandler(ScimException.class)
    ResponseEntity<Map<String, Object>> scim(ScimException e) {
        return error(e.status(), e.scimType(), e.getMessage());
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refusal(Refusal refusal) {
        String type = refusal.type();
        return switch (refusal.kind()) {
            case INVALID, UNPROCESSABLE -> error(400, "invalidValue", refusal.getMessage());
            case CONFLICT -> type.contains("username") || type.contains("taken")
                    ? error(409, "uniqueness", refusal.getMessage()) : error(409, null, refusal.getMessage());
            case NOT_FOUND, GONE -> error(404, null, refusal.getMessage());
            case PRECONDITION_FAILED -> error(412, null, refusal.getMessage());
            case FORBIDDEN -> error(403, null, refusal.getMessage());
            default -> error(refusal.kind().status(), null, refusal.getMessage());
        };
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingRequestHeaderException.class})
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return error(400, "invalidSyntax", "the request is not valid SCIM JSON: "
                + (e instanceof MethodArgumentTypeMismatchException m ? m.getName() + " has the wrong type"
                : "check the body's syntax and types"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        if (DatabaseUnavailable.causedBy(e)) {
            ResponseEntity<Map<String, Object>> unavailable = error(503, null, DatabaseUnavailable.DETAIL);
            return ResponseEntity.status(503).header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS)
                    .contentType(SCIM_JSON).body(unavailable.getBody());
        }
        if (InvalidCharacters.causedBy(e)) {
            return error(400, "invalidValue", InvalidCharacters.DETAIL);
        }
        if (InvalidParameters.causedBy(e)) {
            return error(400, "invalidValue", InvalidParameters.DETAIL);
        }
        log.error("SCIM request failed", e);
        return error(500, null, "Roster could not complete the request; it was logged");
    }

    static ResponseEntity<Map<String, Object>> error(int status, String scimType, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:Error"));
        body.put("status", String.valueOf(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        return ResponseEntity.status(status).contentType(SCIM_JSON).body(body);
    }
}
