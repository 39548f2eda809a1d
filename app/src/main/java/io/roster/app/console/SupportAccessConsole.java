package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;

/** Administration &gt; Environment &gt; Support Access (seed 003): the toggle, who changed it, the support users. */
@Controller
class SupportAccessConsole {

    private final ConsoleApi api;

    SupportAccessConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/support-access")
    String page(HttpServletRequest request, Model model) {
        Map<String, Object> access = api.get(request, "/api/v1/support-access");
        model.addAttribute("access", access);
        model.addAttribute("changedBy", changedBy(request, access.get("changedBy")));
        try {
            model.addAttribute("supportUsers", api.get(request, "/api/v1/support-access/users").get("items"));
        } catch (ApiProblem problem) {
            if (problem.status() != 403) {
                throw problem;
            }
            // the list of support users is for Customer Cloud Admins; everyone may see whether access is on
            model.addAttribute("supportUsers", null);
        }
        return "console/support-access";
    }

    /**
     * Who last changed the switch, by name: an API client's name comes with it; a person's username is looked up
     * (personal data is not copied into events), falling back to their id when the viewer may not read them.
     */
    private String changedBy(HttpServletRequest request, Object actor) {
        if (!(actor instanceof Map<?, ?> changer)) {
            return null;
        }
        if (changer.get("username") != null) {
            return changer.get("username").toString();
        }
        String id = String.valueOf(changer.get("id"));
        try {
            return String.valueOf(api.get(request, "/api/v1/users/" + UsersConsole.encode(id)).get("username"));
        } catch (ApiProblem notVisible) {
            if (notVisible.status() == 401) {
                throw notVisible;
            }
            return id;
        }
    }

    @PostMapping("/console/support-access")
    String toggle(HttpServletRequest request, RedirectAttributes redirect, @RequestParam boolean enabled) {
        return Outcomes.change(redirect, "/console/support-access", enabled
                        ? "Support access is on: Code42 support users may be created and sign in."
                        : "Support access is off: every Code42 support user is deactivated and will be deleted on schedule.",
                () -> api.send(request, "PUT", "/api/v1/support-access", Map.of("enabled", enabled)));
    }
}
