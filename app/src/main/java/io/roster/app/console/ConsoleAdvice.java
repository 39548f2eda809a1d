package io.roster.app.console;

import io.roster.app.security.Caller;
import io.roster.app.security.ConsoleAccess;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.io.IOException;
import java.util.Set;

/** What every console page knows (the signed-in person, what they may see), and how refusals are shown. */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    /** The permissions behind each section of the navigation; a section is shown to whoever holds any of them. */
    private static final Set<String> USERS = Set.of("user.read", "crossorg_user.read", "user.all", "crossorg_user.all");
    private static final Set<String> ORGANIZATIONS = Set.of("org.read", "crossorg_org.read");
    private static final Set<String> AUDIT = Set.of("auditlog.read");
    private static final Set<String> ADMIN = Set.of("support_user.toggle_creation");
    private static final Set<String> IMPORT = Set.of("user.create", "crossorg_user.create", "user.all", "crossorg_user.all");

    static boolean mayReadUsers(HttpServletRequest request) {
        return ConsoleAccess.person(request).map(person -> holdsAny(person, USERS)).orElse(false);
    }

    private static boolean holdsAny(Caller person, Set<String> permissions) {
        return person.effectivePermissions().stream().map(Caller.Grant::permission).anyMatch(permissions::contains);
    }

    @ModelAttribute
    void person(HttpServletRequest request, Model model) {
        ConsoleAccess.person(request).ifPresent(person -> {
            model.addAttribute("person", person);
            model.addAttribute("mayUsers", holdsAny(person, USERS));
            model.addAttribute("mayOrganizations", holdsAny(person, ORGANIZATIONS));
            model.addAttribute("mayAudit", holdsAny(person, AUDIT));
            model.addAttribute("mayAdminister", holdsAny(person, ADMIN));
            model.addAttribute("mayImport", holdsAny(person, IMPORT));
        });
        model.addAttribute("path", request.getRequestURI());
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session != null) {
            model.addAttribute("signedInAs", session.getAttribute(ConsoleAccess.SIGNED_IN_AS));
        }
    }

    /** A page the API refused: 401 ends the session, anything else is explained on a page of its own. */
    @ExceptionHandler(ApiProblem.class)
    String refused(ApiProblem problem, HttpServletRequest request, HttpServletResponse response, Model model)
            throws IOException {
        if (problem.status() == 401) {
            ConsoleAccess.endSession(request, response);
            return null;
        }
        response.setStatus(problem.status());
        person(request, model);
        model.addAttribute("status", problem.status());
        model.addAttribute("detail", problem.status() == 403
                ? "Your roles do not allow this. " + problem.detail() : problem.detail());
        return "console/problem";
    }

    /** A console address with a missing or malformed parameter: the person's (or a link's) mistake, explained. */
    @ExceptionHandler({org.springframework.web.bind.MissingServletRequestParameterException.class,
            org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class})
    String badRequest(Exception mistake, HttpServletRequest request, HttpServletResponse response, Model model)
            throws IOException {
        return refused(new ApiProblem(400, "This page needs other parameters: " + mistake.getMessage(), null),
                request, response, model);
    }
}
