package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Organizations: the tree with seat use per branch; create, rename, move. */
@Controller
class OrganizationsConsole {

    private final ConsoleApi api;

    OrganizationsConsole(ConsoleApi api) {
        this.api = api;
    }

    /** The organization tree, depth first, with seat use per branch when the person may see seats. */
    @GetMapping("/console/organizations")
    String organizations(HttpServletRequest request, Model model) {
        List<?> organizations = api.organizations(request);
        Map<Object, Map<?, ?>> seats = new java.util.HashMap<>();
        try {
            for (Object branch : (List<?>) api.get(request, "/api/v1/seat-usage").get("organizations")) {
                seats.put(((Map<?, ?>) branch).get("id"), (Map<?, ?>) branch);
            }
        } catch (ApiProblem notAllowed) {
            Outcomes.rethrowUnlessRefusal(notAllowed);
            // seats are for Customer Cloud Admins; others see the tree without them
        }
        Map<Object, List<Map<?, ?>>> children = new java.util.LinkedHashMap<>();
        Set<Object> ids = new java.util.HashSet<>();
        organizations.forEach(o -> ids.add(((Map<?, ?>) o).get("id")));
        List<Map<?, ?>> roots = new java.util.ArrayList<>();
        for (Object o : organizations) {
            Map<?, ?> organization = (Map<?, ?>) o;
            Object parent = organization.get("parentId");
            if (parent == null || !ids.contains(parent)) {
                roots.add(organization);
            } else {
                children.computeIfAbsent(parent, key -> new java.util.ArrayList<>()).add(organization);
            }
        }
        List<Map<String, Object>> tree = new java.util.ArrayList<>();
        java.util.Deque<Map.Entry<Map<?, ?>, Integer>> stack = new java.util.ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.push(Map.entry(roots.get(i), 0));
        }
        while (!stack.isEmpty()) {
            Map.Entry<Map<?, ?>, Integer> next = stack.pop();
            Map<?, ?> organization = next.getKey();
            Map<?, ?> branch = seats.get(organization.get("id"));
            Map<String, Object> row = new java.util.HashMap<>();
            row.put("id", organization.get("id"));
            row.put("name", organization.get("name"));
            row.put("status", organization.get("status"));
            row.put("depth", next.getValue());
            row.put("seats", branch == null ? null : branch.get("usedWithChildren"));
            row.put("seatLimit", branch == null ? null : branch.get("seatLimit"));
            tree.add(row);
            List<Map<?, ?>> below = children.getOrDefault(organization.get("id"), List.of());
            for (int i = below.size() - 1; i >= 0; i--) {
                stack.push(Map.entry(below.get(i), next.getValue() + 1));
            }
        }
        model.addAttribute("tree", tree);
        return "console/organizations";
    }

    @PostMapping("/console/organizations")
    String create(HttpServletRequest request, RedirectAttributes redirect, @RequestParam String name,
                  @RequestParam(required = false) String parentId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("parentId", parentId == null || parentId.isBlank() ? null : parentId);
        return Outcomes.change(redirect, () -> "/console/organizations/"
                + UsersConsole.encode(String.valueOf(api.send(request, "POST", "/api/v1/organizations", body).get("id"))),
                "Organization " + name + " was created.", "/console/organizations");
    }

    @GetMapping("/console/organizations/{id}")
    String organization(HttpServletRequest request, Model model, @PathVariable String id) {
        Map<String, Object> organization = api.get(request, "/api/v1/organizations/" + UsersConsole.encode(id));
        model.addAttribute("organization", organization);
        List<?> all = api.organizations(request);
        // a new parent cannot be the organization itself (the API also refuses its descendants, with a reason)
        model.addAttribute("parents", all.stream().filter(o -> !id.equals(((Map<?, ?>) o).get("id"))).toList());
        return "console/organization";
    }

    @PostMapping("/console/organizations/{id}")
    String change(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id,
                  @RequestParam(required = false) String name, @RequestParam(required = false) String parentId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        if (parentId != null && !parentId.isBlank()) {
            body.put("parentId", parentId);
        }
        String page = "/console/organizations/" + UsersConsole.encode(id);
        return Outcomes.change(redirect, page, name != null ? "Organization renamed." : "Organization moved.",
                () -> api.send(request, "PATCH", "/api/v1/organizations/" + UsersConsole.encode(id), body));
    }
}
