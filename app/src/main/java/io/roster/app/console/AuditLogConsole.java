package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log with every filter of the API (above all "User type: Code42 Support User"), newest first. */
@Controller
class AuditLogConsole {

    static final Map<String, String> ACTOR_TYPES = actorTypes();
    /** 180 refreshes, 10 s apart: half an hour. */
    private static final int MAX_POLLS = 180;

    /** The "User type" choices in the order the console lists them. */
    private static Map<String, String> actorTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("USER", "User");
        types.put("SUPPORT_USER", "Code42 Support User");
        types.put("API_CLIENT", "API client");
        types.put("SYSTEM", "System");
        return java.util.Collections.unmodifiableMap(types);
    }

    private final ConsoleApi api;

    AuditLogConsole(ConsoleApi api) {
        this.api = api;
    }

    /** The API's filters, bound from the console's query string. */
    record Filters(List<String> actorType, String actorUsername, String targetId, String eventType, String from,
                   String to, String q) {
        Map<String, Object> asMap() {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("actorType", actorType == null ? List.of() : actorType);
            filters.put("actorUsername", actorUsername);
            filters.put("targetId", targetId);
            filters.put("eventType", eventType);
            filters.put("from", from);
            filters.put("to", to);
            filters.put("q", q);
            return filters;
        }
    }

    @GetMapping("/console/audit-log")
    String page(HttpServletRequest request, Model model, Filters given, @RequestParam(required = false) String cursor,
                @RequestParam(defaultValue = "0") int polls) {
        Map<String, Object> filters = given.asMap();
        Map<String, Object> query = new LinkedHashMap<>(filters);
        query.put("cursor", cursor);
        query.put("limit", 50);
        model.addAttribute("page", api.get(request, "/api/v1/audit-log", ConsoleApi.params(query)));
        model.addAttribute("filters", filters);
        model.addAttribute("actorTypes", ACTOR_TYPES);
        model.addAttribute("query", ConsoleApi.queryString(filters));
        // the first page follows new entries for half an hour (an unattended console must not keep its session
        // alive for ever); older pages stay still while they are read
        model.addAttribute("live", (cursor == null || cursor.isBlank()) && polls < MAX_POLLS);
        model.addAttribute("nextPoll", polls + 1);
        if (request.getHeader("HX-Request") != null) {
            return "console/audit-log :: results";
        }
        return "console/audit-log";
    }

    /** The API's export (CSV or JSON lines) of the same filters, streamed through. */
    @GetMapping("/console/audit-log/export")
    void export(HttpServletRequest request, HttpServletResponse response, Filters given,
                @RequestParam(defaultValue = "csv") String format) {
        Map<String, Object> query = new LinkedHashMap<>(given.asMap());
        query.put("format", format);
        api.relay(request, response, "/api/v1/audit-log/export", ConsoleApi.params(query));
    }
}
