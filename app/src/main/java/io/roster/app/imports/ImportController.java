package io.roster.app.imports;

import io.roster.app.imports.ImportPlanner.Action;
import io.roster.app.imports.ImportService.Report;
import io.roster.app.security.Caller;
import io.roster.app.security.CallerAuthentication;
import io.roster.command.common.Refusal;
import io.roster.query.common.Csv;
import io.roster.roles.RoleScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Bulk provisioning from CSV: dry run, job with progress, failures as CSV. */
@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Imports")
class ImportController {

    private static final int MAX_LIMIT = 1000;
    private static final List<String> USER_MANAGEMENT = List.of("user.create", "crossorg_user.create", "user.all",
            "crossorg_user.all");

    private final ImportService imports;
    private final ImportRunner runner;

    ImportController(ImportService imports, ImportRunner runner) {
        this.imports = imports;
        this.runner = runner;
    }

    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "Import users from CSV (username,firstName,lastName,organization,roles,userType,action);"
            + " dryRun=true answers the per-row plan and changes nothing")
    ResponseEntity<Report> start(@RequestBody String csv,
                                 @RequestParam(defaultValue = "false") boolean dryRun,
                                 @RequestParam(defaultValue = "create") String mode,
                                 @RequestParam(required = false) String action) {
        Action modeValue = switch (mode.toLowerCase(Locale.ROOT)) {
            case "create" -> Action.CREATE;
            case "upsert" -> Action.UPSERT;
            default -> throw Refusal.invalid("mode", "invalid-parameter", "mode must be create or upsert");
        };
        Action actionValue = action == null ? null : switch (action.toLowerCase(Locale.ROOT)) {
            case "deactivate" -> Action.DEACTIVATE;
            case "reactivate" -> Action.REACTIVATE;
            default -> throw Refusal.invalid("action", "invalid-parameter", "action must be deactivate or reactivate");
        };
        if (dryRun) {
            return ResponseEntity.ok(imports.dryRun(csv, modeValue, actionValue));
        }
        String id = imports.start(csv, modeValue, actionValue);
        runner.wakeUp();
        return ResponseEntity.accepted().location(URI.create("/api/v1/imports/" + id))
                .body(imports.report(id, null, 100).orElseThrow());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Progress and counts of an import, with per-row results (keyset paging by row number)")
    Report get(@PathVariable String id, @RequestParam(required = false) Integer after,
               @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Refusal.invalid("limit", "invalid-parameter", "limit must be between 1 and " + MAX_LIMIT);
        }
        requireReadable(id);
        return imports.report(id, after, limit)
                .orElseThrow(() -> Refusal.notFound("import-not-found", "import " + id + " does not exist"));
    }

    @GetMapping(value = "/{id}/errors.csv", produces = "text/csv")
    @Operation(summary = "The failed rows with their reasons, as CSV")
    ResponseEntity<String> errors(@PathVariable String id) {
        requireReadable(id);
        StringBuilder csv = new StringBuilder("row,username,reason\r\n");
        imports.failures(id).forEach(row -> csv.append(row.row()).append(',').append(Csv.cell(row.username())).append(',')
                .append(Csv.cell(row.reason())).append("\r\n"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8")).body(csv.toString());
    }

    /**
     * A job's rows name people across the organizations the file touched: only its uploader, or a caller who manages
     * users in every organization, reads them; anyone else is told it does not exist.
     */
    private void requireReadable(String id) {
        Caller caller = CallerAuthentication.current().orElseThrow();
        boolean readable = imports.uploader(id).filter(uploader -> uploader.equals(caller.principalId())
                || caller.scopeFor(USER_MANAGEMENT).filter(scope -> scope == RoleScope.ALL_ORGANIZATIONS).isPresent())
                .isPresent();
        if (!readable) {
            throw Refusal.notFound("import-not-found", "import " + id + " does not exist");
        }
    }
}
