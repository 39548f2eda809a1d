package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read-only pages over the API: seats, the organization tree with seat use per branch, the role catalogue. */
@Controller
class OverviewConsole {

    private final ConsoleApi api;

    OverviewConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/seats")
    String seats(HttpServletRequest request, Model model) {
        model.addAttribute("seats", api.get(request, "/api/v1/seat-usage"));
        // seats used at the end of each of the last 30 days, drawn as bars (with the figures as a table for
        // screen readers)
        java.time.Instant now = java.time.Instant.now();
        List<?> points = (List<?>) api.get(request, "/api/v1/seat-usage/history", ConsoleApi.params(Map.of(
                "from", now.minus(java.time.Duration.ofDays(30)).toString(), "to", now.toString(),
                "interval", "day"))).get("items");
        double highest = points.stream().mapToDouble(point -> number(((Map<?, ?>) point).get("used"))).max().orElse(0);
        model.addAttribute("history", points.stream().map(point -> {
            Map<?, ?> p = (Map<?, ?>) point;
            double used = number(p.get("used"));
            return Map.of("at", String.valueOf(p.get("at")), "used", (long) used,
                    "height", highest == 0 ? 0 : Math.max(1, Math.round(100 * used / highest)));
        }).toList());
        return "console/seats";
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    /** The organization tree, depth first, with seat use per branch when the person may see seats. */
    @GetMapping("/console/organizations")
    String organizations(HttpServletRequest request, Model model) {
        List<?> organizations = (List<?>) api.get(request, "/api/v1/organizations",
                ConsoleApi.params(Map.of("limit", 200))).get("items");
        Map<Object, Map<?, ?>> seats = new java.util.HashMap<>();
        try {
            for (Object branch : (List<?>) api.get(request, "/api/v1/seat-usage").get("organizations")) {
                seats.put(((Map<?, ?>) branch).get("id"), (Map<?, ?>) branch);
            }
        } catch (ApiProblem notAllowed) {
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

    @GetMapping("/console/roles")
    String roles(HttpServletRequest request, Model model) {
        model.addAttribute("roles", api.get(request, "/api/v1/roles").get("items"));
        return "console/roles";
    }
}
