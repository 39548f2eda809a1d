package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log with every filter of the API (above all "User type: Code42 Support User"), newest first. */
@Controller
class AuditLogConsole {

    static final Map<String, String> ACTOR_TYPES = Map.of("USER", "User", "SUPPORT_USER", "Code42 Support User",
            "API_CLIENT", "API client", "SYSTEM", "System");

    private final ConsoleApi api;

    AuditLogConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/audit-log")
    String page(HttpServletRequest request, Model model,
                @RequestParam(required = false) List<String> actorType,
                @RequestParam(required = false) String actorUsername,
                @RequestParam(required = false) String targetId,
                @RequestParam(required = false) String eventType,
                @RequestParam(required = false) String from,
                @RequestParam(required = false) String to,
                @RequestParam(required = false) String q,
                @RequestParam(required = false) String cursor) {
        Map<String, Object> filters = filters(actorType, actorUsername, targetId, eventType, from, to, q);
        Map<String, Object> query = new LinkedHashMap<>(filters);
        query.put("cursor", cursor);
        query.put("limit", 50);
        model.addAttribute("page", api.get(request, "/api/v1/audit-log", ConsoleApi.params(query)));
        model.addAttribute("filters", filters);
        model.addAttribute("actorTypes", ACTOR_TYPES);
        model.addAttribute("query", ConsoleApi.queryString(filters));
        if (request.getHeader("HX-Request") != null) {
            return "console/audit-log :: results";
        }
        return "console/audit-log";
    }

    /** The API's export (CSV or JSON lines) of the same filters, streamed through. */
    @GetMapping("/console/audit-log/export")
    void export(HttpServletRequest request, HttpServletResponse response,
                @RequestParam(required = false) List<String> actorType,
                @RequestParam(required = false) String actorUsername,
                @RequestParam(required = false) String targetId,
                @RequestParam(required = false) String eventType,
                @RequestParam(required = false) String from,
                @RequestParam(required = false) String to,
                @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "csv") String format) {
        Map<String, Object> query = new LinkedHashMap<>(filters(actorType, actorUsername, targetId, eventType, from, to, q));
        query.put("format", format);
        api.download(request, "/api/v1/audit-log/export", ConsoleApi.params(query), headers -> {
            response.setContentType(headers.getContentType() == null ? "text/csv" : headers.getContentType().toString());
            String disposition = headers.getFirst(HttpHeaders.CONTENT_DISPOSITION);
            if (disposition != null) {
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition);
            }
        }, body -> {
            try {
                body.transferTo(response.getOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Map<String, Object> filters(List<String> actorType, String actorUsername, String targetId,
                                               String eventType, String from, String to, String q) {
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
