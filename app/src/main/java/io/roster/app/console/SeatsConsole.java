package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.List;
import java.util.Map;

/** Seats: licensed, used, available, cost, the last 30 days and the unused seats. */
@Controller
class SeatsConsole {

    private final ConsoleApi api;

    SeatsConsole(ConsoleApi api) {
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

}
