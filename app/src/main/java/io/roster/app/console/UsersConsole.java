package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Administration &gt; Users (seed 000) as pages: search as you type, filters, keyset pages, add, the user's page
 * with roles, status actions and history. Every read and change is an API call as the signed-in person.
 */
@Controller
@RequestMapping("/console")
class UsersConsole {

    /** Seed 000's explanation of each status action, shown before the person confirms it. */
    static final Map<String, String> CONSEQUENCES = Map.of(
            "deactivate", "Deactivation keeps the user's data and history and frees their license seat. The user can no"
                    + " longer sign in. You can reactivate them later.",
            "reactivate", "Reactivation lets the user sign in again and takes a license seat.",
            "delete", "Deletion is permanent: the user's personal data is erased and cannot be restored. Their history"
                    + " stays, without personal data. Deactivate instead if they may come back.");

    /** The last-activity filter's choices: days back, positive for "active within", negative for "inactive for". */
    private static final Map<String, Integer> ACTIVITY = Map.of("active30", 30, "inactive30", -30, "inactive90", -90);

    private final ConsoleApi api;

    UsersConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping({"", "/"})
    String home(HttpServletRequest request) {
        // the first section the person may see; everyone may see Support Access
        return ConsoleAdvice.mayReadUsers(request) ? "redirect:/console/users" : "redirect:/console/support-access";
    }

    @GetMapping("/users")
    String list(HttpServletRequest request, Model model,
                @RequestParam(required = false) String q,
                @RequestParam(required = false) String status,
                @RequestParam(required = false) String role,
                @RequestParam(required = false) String userType,
                @RequestParam(required = false) String organizationId,
                @RequestParam(required = false) Boolean includeChildren,
                @RequestParam(required = false) String activity,
                @RequestParam(required = false) String cursor) {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("q", q);
        filters.put("status", status);
        filters.put("role", role);
        filters.put("userType", userType);
        filters.put("organizationId", organizationId);
        filters.put("includeChildren", organizationId == null || organizationId.isBlank() ? null
                : Boolean.TRUE.equals(includeChildren));
        boolean byActivity = activity != null && ACTIVITY.containsKey(activity);
        filters.put("activity", byActivity ? activity : null);
        Map<String, Object> query = new LinkedHashMap<>(filters);
        query.remove("activity");
        if (byActivity) {
            // "active in the last N days" / "no activity for N days", as the API's activeSince / inactiveSince
            int days = ACTIVITY.get(activity);
            query.put(days > 0 ? "activeSince" : "inactiveSince",
                    java.time.Instant.now().minus(java.time.Duration.ofDays(Math.abs(days))).toString());
        }
        query.put("cursor", cursor);
        query.put("limit", 25);
        model.addAttribute("page", api.get(request, "/api/v1/users", ConsoleApi.params(query)));
        model.addAttribute("filters", filters);
        model.addAttribute("paged", cursor != null && !cursor.isBlank());
        model.addAttribute("nextQuery", ConsoleApi.queryString(filters));
        if (request.getHeader("HX-Request") != null) {
            return "console/users :: results";
        }
        model.addAttribute("roles", api.get(request, "/api/v1/roles").get("items"));
        model.addAttribute("organizations", api.organizations(request));
        return "console/users";
    }

    @GetMapping("/users/new")
    String newUser(HttpServletRequest request, Model model) {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String field : List.of("username", "firstName", "lastName", "organizationId")) {
            form.put(field, null);
        }
        form.put("userType", "USER");
        form.put("roles", List.of("desktop-user"));
        model.addAttribute("form", form);
        return form(request, model);
    }

    @PostMapping("/users")
    String create(HttpServletRequest request, Model model, RedirectAttributes redirect,
                  @RequestParam Map<String, String> fields,
                  @RequestParam(name = "roles", required = false) List<String> roles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", fields.get("username"));
        body.put("firstName", fields.get("firstName"));
        body.put("lastName", fields.get("lastName"));
        body.put("organizationId", blankToNull(fields.get("organizationId")));
        body.put("userType", blankToNull(fields.get("userType")));
        body.put("roles", roles == null ? List.of() : roles);
        try {
            Map<String, Object> created = api.send(request, "POST", "/api/v1/users", body);
            // a flash notice waits in the session until the next page: it names nobody (the page shows who)
            redirect.addFlashAttribute("notice", "The user was added.");
            return "redirect:/console/users/" + created.get("id");
        } catch (ApiProblem problem) {
            Outcomes.rethrowUnlessRefusal(problem);
            model.addAttribute("form", body);
            model.addAttribute("problem", problem.detail());
            model.addAttribute("problemField", problem.field());
            return form(request, model);
        }
    }

    private String form(HttpServletRequest request, Model model) {
        model.addAttribute("roles", api.get(request, "/api/v1/roles").get("items"));
        model.addAttribute("organizations", api.organizations(request));
        return "console/user-new";
    }

    @GetMapping("/users/{id}")
    String user(HttpServletRequest request, Model model, @PathVariable String id) {
        Map<String, Object> user = api.get(request, "/api/v1/users/" + encode(id));
        model.addAttribute("user", user);
        Map<String, Object> history = api.get(request, "/api/v1/users/" + encode(id) + "/history");
        model.addAttribute("history", history);
        // newest first, like the audit log
        List<?> steps = new java.util.ArrayList<>((List<?>) history.get("items"));
        java.util.Collections.reverse(steps);
        model.addAttribute("steps", steps);
        List<?> catalogue = (List<?>) api.get(request, "/api/v1/roles").get("items");
        model.addAttribute("roles", catalogue);
        Set<?> held = Set.copyOf((List<?>) user.get("roles"));
        model.addAttribute("assignable", catalogue.stream().filter(role -> !held.contains(((Map<?, ?>) role).get("id")))
                .toList());
        model.addAttribute("organizations", api.organizations(request));
        return "console/user";
    }

    @PostMapping("/users/{id}/roles")
    String assign(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id,
                  @RequestParam String roleId) {
        return act(redirect, id, "Role " + roleId + " assigned.",
                () -> api.send(request, "PUT", "/api/v1/users/" + encode(id) + "/roles/" + encode(roleId), null));
    }

    @PostMapping("/users/{id}/roles/{roleId}/revoke")
    String revoke(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id,
                  @PathVariable String roleId) {
        return act(redirect, id, "Role " + roleId + " revoked.",
                () -> api.send(request, "DELETE", "/api/v1/users/" + encode(id) + "/roles/" + encode(roleId), null));
    }

    @PostMapping("/users/{id}/move")
    String move(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id,
                @RequestParam String organizationId) {
        return act(redirect, id, "User moved.", () -> api.send(request, "POST", "/api/v1/users/" + encode(id) + "/move",
                Map.of("organizationId", organizationId)));
    }

    /** The confirmation step of deactivate, reactivate and delete: what will happen, in seed 000's words. */
    @GetMapping("/users/{id}/confirm/{action}")
    String confirm(HttpServletRequest request, Model model, @PathVariable String id, @PathVariable String action) {
        if (!CONSEQUENCES.containsKey(action)) {
            throw new ApiProblem(404, "There is no action " + action + ".", null);
        }
        model.addAttribute("user", api.get(request, "/api/v1/users/" + encode(id)));
        model.addAttribute("action", action);
        model.addAttribute("consequence", CONSEQUENCES.get(action));
        return "console/confirm";
    }

    @PostMapping("/users/{id}/deactivate")
    String deactivate(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id,
                      @RequestParam(required = false) String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", blankToNull(reason));
        return act(redirect, id, "User deactivated; their seat is free.",
                () -> api.send(request, "POST", "/api/v1/users/" + encode(id) + "/deactivate", body));
    }

    @PostMapping("/users/{id}/reactivate")
    String reactivate(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id) {
        return act(redirect, id, "User reactivated.",
                () -> api.send(request, "POST", "/api/v1/users/" + encode(id) + "/reactivate", Map.of()));
    }

    @PostMapping("/users/{id}/delete")
    String delete(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id) {
        return Outcomes.change(redirect, () -> {
            api.send(request, "DELETE", "/api/v1/users/" + encode(id), null);
            return "/console/users";
        }, "User deleted; their personal data is erased.", "/console/users/" + encode(id));
    }

    /** Runs a change and returns to the user's page with what happened (or the API's refusal) on top. */
    private static String act(RedirectAttributes redirect, String id, String notice, Runnable change) {
        return Outcomes.change(redirect, "/console/users/" + encode(id), notice, change);
    }

    static String encode(String segment) {
        return UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
