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

/** Webhooks: subscriptions, their deliveries with every attempt, and redelivery. */
@Controller
class WebhooksConsole {

    private final ConsoleApi api;

    WebhooksConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/webhooks")
    String list(HttpServletRequest request, Model model) {
        model.addAttribute("webhooks", api.get(request, "/api/v1/webhooks").get("items"));
        model.addAttribute("eventTypes", api.get(request, "/api/v1/webhooks/event-types").get("items"));
        return "console/webhooks";
    }

    @PostMapping("/console/webhooks")
    String subscribe(HttpServletRequest request, RedirectAttributes redirect, @RequestParam String url,
                     @RequestParam(name = "eventType", required = false) List<String> eventTypes,
                     @RequestParam(required = false) String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("eventTypes", eventTypes == null || eventTypes.isEmpty() ? List.of("*") : eventTypes);
        body.put("description", description == null || description.isBlank() ? null : description);
        return Outcomes.change(redirect, () -> {
            Map<String, Object> created = api.send(request, "POST", "/api/v1/webhooks", body);
            // the signing secret is shown this once, like the API answers it once
            redirect.addFlashAttribute("secret", created.get("secret"));
            return "/console/webhooks/" + UsersConsole.encode(String.valueOf(created.get("id")));
        }, "Subscribed. Copy the signing secret now: it is not shown again.", "/console/webhooks");
    }

    @GetMapping("/console/webhooks/{id}")
    String webhook(HttpServletRequest request, Model model, @PathVariable String id,
                   @RequestParam(required = false) String status, @RequestParam(required = false) String cursor) {
        String path = "/api/v1/webhooks/" + UsersConsole.encode(id);
        model.addAttribute("webhook", api.get(request, path));
        model.addAttribute("deliveries", api.get(request, path + "/deliveries",
                ConsoleApi.params(Map.of("status", status == null ? "" : status, "cursor", cursor == null ? "" : cursor,
                        "limit", 25))));
        model.addAttribute("status", status);
        return "console/webhook";
    }

    @PostMapping("/console/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    String redeliver(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String id,
                     @PathVariable long deliveryId) {
        String path = "/api/v1/webhooks/" + UsersConsole.encode(id);
        return Outcomes.change(redirect, "/console/webhooks/" + UsersConsole.encode(id),
                "Delivery " + deliveryId + " is being sent again.",
                () -> api.send(request, "POST", path + "/deliveries/" + deliveryId + "/redeliver", null));
    }
}
