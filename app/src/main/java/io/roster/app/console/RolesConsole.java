package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Roles: the catalogue with permissions and scopes; a role's page with who holds it; custom roles made by
 * "duplicate and edit" (seed 004), showing the permission difference to the role they were based on.
 */
@Controller
class RolesConsole {

    private final ConsoleApi api;

    RolesConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/roles")
    String roles(HttpServletRequest request, Model model) {
        model.addAttribute("roles", api.get(request, "/api/v1/roles").get("items"));
        return "console/roles";
    }

    @GetMapping("/console/roles/{roleId}")
    String role(HttpServletRequest request, Model model, @PathVariable String roleId) {
        Map<String, Object> role = api.get(request, "/api/v1/roles/" + UsersConsole.encode(roleId));
        model.addAttribute("role", role);
        Object basedOn = role.get("basedOn");
        if (basedOn != null) {
            Map<String, Object> base = api.get(request, "/api/v1/roles/" + UsersConsole.encode(basedOn.toString()));
            model.addAttribute("base", base);
            model.addAttribute("diff", diff(permissions(base), permissions(role)));
        }
        try {
            model.addAttribute("holders", api.get(request, "/api/v1/users",
                    ConsoleApi.params(Map.of("role", roleId, "limit", 50))));
        } catch (ApiProblem notAllowed) {
            Outcomes.rethrowUnlessRefusal(notAllowed);
            // who holds a role is a user list: only for those who may read users
            model.addAttribute("holders", null);
        }
        return "console/role";
    }

    /** "Duplicate and edit": the base role's permissions pre-ticked, every permission offered. */
    @GetMapping("/console/roles/new")
    String duplicate(HttpServletRequest request, Model model, @RequestParam String basedOn) {
        Map<String, Object> base = api.get(request, "/api/v1/roles/" + UsersConsole.encode(basedOn));
        model.addAttribute("base", base);
        model.addAttribute("permissions", api.get(request, "/api/v1/permissions").get("items"));
        model.addAttribute("ticked", permissions(base));
        model.addAttribute("name", "Copy of " + base.get("name"));
        return "console/role-new";
    }

    @PostMapping("/console/roles")
    String create(HttpServletRequest request, Model model, RedirectAttributes redirect, @RequestParam String basedOn,
                  @RequestParam String name, @RequestParam(name = "permission", required = false) List<String> ticked) {
        Map<String, Object> base = api.get(request, "/api/v1/roles/" + UsersConsole.encode(basedOn));
        Map<String, List<String>> diff = diff(permissions(base), ticked == null ? Set.of() : new TreeSet<>(ticked));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("basedOn", basedOn);
        body.put("addPermissions", diff.get("added"));
        body.put("removePermissions", diff.get("removed"));
        try {
            Map<String, Object> created = api.send(request, "POST", "/api/v1/roles", body);
            redirect.addFlashAttribute("notice", "Custom role " + name + " was created.");
            return "redirect:/console/roles/" + UsersConsole.encode(String.valueOf(created.get("id")));
        } catch (ApiProblem problem) {
            Outcomes.rethrowUnlessRefusal(problem);
            model.addAttribute("problem", problem.detail());
            model.addAttribute("base", base);
            model.addAttribute("permissions", api.get(request, "/api/v1/permissions").get("items"));
            model.addAttribute("ticked", ticked == null ? Set.of() : Set.copyOf(ticked));
            model.addAttribute("name", name);
            return "console/role-new";
        }
    }

    private static Set<String> permissions(Map<String, Object> role) {
        Set<String> permissions = new TreeSet<>();
        ((List<?>) role.get("permissions")).forEach(permission -> permissions.add(permission.toString()));
        return permissions;
    }

    /** What {@code changed} adds to and removes from {@code base}, each sorted. */
    static Map<String, List<String>> diff(Set<String> base, Set<String> changed) {
        List<String> added = new ArrayList<>(changed.stream().filter(p -> !base.contains(p)).sorted().toList());
        List<String> removed = new ArrayList<>(base.stream().filter(p -> !changed.contains(p)).sorted().toList());
        return Map.of("added", added, "removed", removed);
    }
}
