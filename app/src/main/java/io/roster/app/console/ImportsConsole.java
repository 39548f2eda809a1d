package io.roster.app.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** CSV import: upload a file, see the dry run's per-row plan, start it, watch its progress. */
@Controller
class ImportsConsole {

    private final ConsoleApi api;

    ImportsConsole(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/imports")
    String form() {
        return "console/imports";
    }

    @PostMapping("/console/imports")
    String upload(HttpServletRequest request, Model model, RedirectAttributes redirect,
                  @RequestParam("file") MultipartFile file, @RequestParam(defaultValue = "create") String mode,
                  @RequestParam(required = false) String action, @RequestParam(defaultValue = "false") boolean dryRun)
            throws IOException {
        String csv = new String(file.getBytes(), StandardCharsets.UTF_8);
        Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("mode", mode);
        query.put("action", action);
        query.put("dryRun", String.valueOf(dryRun));
        try {
            Map<String, Object> report = api.send(request, "POST", "/api/v1/imports", ConsoleApi.params(query),
                    MediaType.parseMediaType("text/csv"), csv);
            if (dryRun) {
                model.addAttribute("report", report);
                model.addAttribute("fileName", file.getOriginalFilename());
                return "console/imports";
            }
            return "redirect:/console/imports/" + UsersConsole.encode(String.valueOf(report.get("id")));
        } catch (ApiProblem problem) {
            Outcomes.rethrowUnlessRefusal(problem);
            model.addAttribute("problem", problem.detail());
            return "console/imports";
        }
    }

    @GetMapping("/console/imports/{id}")
    String progress(HttpServletRequest request, Model model, @PathVariable String id) {
        model.addAttribute("report", api.get(request, "/api/v1/imports/" + UsersConsole.encode(id),
                ConsoleApi.params(Map.of("limit", 200))));
        return request.getHeader("HX-Request") != null ? "console/import :: progress" : "console/import";
    }

    /** The failed rows, streamed from the API. */
    @GetMapping("/console/imports/{id}/errors.csv")
    void errors(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response, @PathVariable String id) {
        api.relay(request, response, "/api/v1/imports/" + UsersConsole.encode(id) + "/errors.csv",
                new org.springframework.util.LinkedMultiValueMap<>());
    }
}
