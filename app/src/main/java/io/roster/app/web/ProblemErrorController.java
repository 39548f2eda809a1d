package io.roster.app.web;

import io.roster.app.security.ProblemResponses;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import java.io.IOException;

/**
 * Errors that never reach a controller (a request the security firewall rejects, a servlet-level failure) are
 * forwarded by the container to /error; they leave as problem+json too, never as Spring Boot's default JSON.
 */
@Controller
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            // asked for by name: there is no resource here, and no error to describe
            ProblemResponses.write(request, response, 404, "not-found", ProblemErrorReportValve.detail(404));
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given && given >= 400 ? given : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri == null ? null : uri.toString();
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.causedBy(failure)) {
            // e.g. the security filter could not read the caller's principal: busy or unreachable database
            response.setHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS);
            ProblemResponses.write(request, response, 503, "unavailable", DatabaseUnavailable.DETAIL, instance);
            return;
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && InvalidParameters.causedBy(failure)) {
            ProblemResponses.write(request, response, 400, "invalid-parameter", InvalidParameters.DETAIL, instance);
            return;
        }
        ProblemResponses.write(request, response, status, ProblemErrorReportValve.slug(status),
                ProblemErrorReportValve.detail(status), instance);
    }
}
