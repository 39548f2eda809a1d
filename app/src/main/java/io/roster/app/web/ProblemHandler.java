package io.roster.app.web;

import io.roster.command.common.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error leaves Roster as application/problem+json (RFC 9457) with a stable {@code type}
 * ({@code /problems/<slug>}), a human {@code detail}, the offending {@code field} where there is one, and the
 * {@code requestId}. Never a stack trace; a 500 only for Roster's own faults.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Object> refusal(Refusal refusal, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(refusal.kind().status());
        ProblemDetail problem = problem(status, refusal.type(), refusal.getMessage(), refusal.field());
        HttpHeaders headers = new HttpHeaders();
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, "5");
        }
        return handleExceptionInternal(refusal, problem, headers, status, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception, WebRequest request) {
        if (DatabaseUnavailable.causedBy(exception)) {
            log.warn("Database unavailable answering {}: {}", request.getDescription(false), exception.toString());
            ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", DatabaseUnavailable.DETAIL, null);
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
            return handleExceptionInternal(exception, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
        }
        if (InvalidCharacters.causedBy(exception)) {
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-characters", InvalidCharacters.DETAIL, null);
            return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
        }
        if (InvalidParameters.causedBy(exception)) {
            log.info("Refused {}: {}", request.getDescription(false), InvalidParameters.DETAIL);
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", InvalidParameters.DETAIL, null);
            return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
        }
        log.error("Unexpected error answering {}", request.getDescription(false), exception);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Roster failed to answer this request; nothing was changed unless a later read shows it. "
                        + "Quote the requestId when reporting it.", null);
        return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Map<String, String>> errors = exception.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", message(error)))
                .toList();
        String detail = errors.stream().map(error -> error.get("field") + " " + error.get("message"))
                .collect(Collectors.joining("; "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-field", detail,
                errors.isEmpty() ? null : errors.get(0).get("field"));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(exception, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-field", "the request has invalid values", null);
        return handleExceptionInternal(exception, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        String field = null;
        String detail = "the request body is missing or is not valid JSON";
        if (exception.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            field = path(jackson);
            if (jackson instanceof UnrecognizedPropertyException) {
                detail = "unknown field " + field;
            } else if (jackson instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                    && invalid.getTargetType().isEnum()) {
                detail = field + " must be one of " + Arrays.toString(invalid.getTargetType().getEnumConstants());
            } else {
                detail = field + " has a value of the wrong type or shape";
            }
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, field == null ? "malformed-request" : "invalid-field",
                detail, field);
        return handleExceptionInternal(exception, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body == null && exception instanceof ErrorResponse errorResponse) {
            body = errorResponse.getBody();
        }
        ProblemDetail problem = body instanceof ProblemDetail given ? given
                : problem(HttpStatus.valueOf(statusCode.value()), slugFor(exception, statusCode), exception.getMessage(), null);
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create("/problems/" + slugFor(exception, statusCode)));
        }
        if (exception instanceof MissingServletRequestParameterException missing) {
            problem.setProperty("field", missing.getParameterName());
        } else if (exception instanceof MissingRequestHeaderException missing) {
            problem.setProperty("field", missing.getHeaderName());
        }
        Object requestId = request.getAttribute(RequestIdFilter.REQUEST_ID_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        HttpHeaders problemHeaders = new HttpHeaders();
        if (headers != null) {
            problemHeaders.putAll(headers);
        }
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, problemHeaders, statusCode);
    }

    private static String slugFor(Exception exception, HttpStatusCode status) {
        if (exception instanceof HttpMediaTypeNotSupportedException) {
            return "unsupported-media-type";
        }
        if (exception instanceof HttpMediaTypeNotAcceptableException) {
            return "not-acceptable";
        }
        if (exception instanceof HttpRequestMethodNotSupportedException) {
            return "method-not-allowed";
        }
        if (exception instanceof NoResourceFoundException) {
            return "not-found";
        }
        if (status.value() == 400) {
            return "invalid-parameter";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.name().toLowerCase().replace('_', '-');
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        String words = type.replace('-', ' ');
        problem.setTitle(Character.toUpperCase(words.charAt(0)) + words.substring(1));
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String path(JacksonException exception) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : exception.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
