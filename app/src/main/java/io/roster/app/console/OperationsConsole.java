package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;

/** Operations: the processors and the tables they write, and rebuilding a read model with live progress. */
@Controller
class OperationsConsole {

    private final ConsoleApi api;

    OperationsConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/operations")
    String page(HttpServletRequest request, Model model) {
        model.addAttribute("processors", api.get(request, "/api/v1/admin/processors").get("items"));
        return "console/operations";
    }

    @PostMapping("/console/operations/{processor}/replay")
    String replay(HttpServletRequest request, RedirectAttributes redirect, @PathVariable String processor) {
        return Outcomes.change(redirect, () -> {
            Map<String, Object> started = api.send(request, "POST", "/api/v1/admin/processors/"
                    + UsersConsole.encode(processor) + "/replay", null);
            return "/console/operations/replays/" + lastSegment(started.get("location"));
        }, null, "/console/operations");
    }

    /** The id at the end of a Location header. */
    static String lastSegment(Object location) {
        String value = String.valueOf(location);
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @GetMapping("/console/operations/replays/{id}")
    String progress(HttpServletRequest request, Model model, @PathVariable String id) {
        model.addAttribute("replay", api.get(request, "/api/v1/admin/replays/" + UsersConsole.encode(id)));
        return request.getHeader("HX-Request") != null ? "console/replay :: progress" : "console/replay";
    }
}
