package io.roster.query.audit;

import io.roster.events.ActorType;
import io.roster.query.common.Csv;
import io.roster.query.common.CallerScope;
import io.roster.query.common.Cursor;
import io.roster.query.common.Page;
import io.roster.query.common.PageRequest;
import io.roster.query.common.Problems;
import io.roster.query.common.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The audit log: every event and sign-in, newest first, filterable by actor type (above all "Code42 Support
 * User"), actor, target, organization, event type, time and text; exported as CSV or JSON lines by streaming.
 */
@RestController
@RequestMapping("/api/v1/audit-log")
@Tag(name = "Audit log")
class AuditLogController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditLogRepository audit;
    private final TransactionTemplate transactions;

    AuditLogController(AuditLogRepository audit, TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    @GetMapping
    @Operation(summary = "Audit entries, newest first; filters combine; actorType may repeat (SUPPORT_USER = Code42 Support User)")
    Page<AuditLogRepository.Entry> list(@RequestParam(required = false) List<String> actorType,
                                        @RequestParam(required = false) String actorId,
                                        @RequestParam(required = false) String actorUsername,
                                        @RequestParam(required = false) String targetId,
                                        @RequestParam(required = false) String organizationId,
                                        @RequestParam(required = false) String eventType,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) String q,
                                        @RequestParam(required = false) Integer limit,
                                        @RequestParam(required = false) String cursor,
                                        HttpServletRequest request) {
        AuditLogRepository.Filter filter = filter(actorType, actorId, actorUsername, targetId, organizationId, eventType,
                from, to, q, request);
        return audit.page(filter, cursor(cursor), PageRequest.limit(limit));
    }

    @GetMapping("/export")
    @Operation(summary = "Every matching entry as CSV or JSON lines, streamed (any size, constant memory)")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) List<String> actorType,
                                                 @RequestParam(required = false) String actorId,
                                                 @RequestParam(required = false) String actorUsername,
                                                 @RequestParam(required = false) String targetId,
                                                 @RequestParam(required = false) String organizationId,
                                                 @RequestParam(required = false) String eventType,
                                                 @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) String q,
                                                 @RequestParam(defaultValue = "csv") String format,
                                                 HttpServletRequest request) {
        AuditLogRepository.Filter filter = filter(actorType, actorId, actorUsername, targetId, organizationId, eventType,
                from, to, q, request);
        boolean csv = switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> true;
            case "jsonl" -> false;
            default -> throw Problems.badParameter("format", "format must be csv or jsonl");
        };
        StreamingResponseBody body = output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            if (csv) {
                writer.write("id,occurredAt,eventType,summary,actorType,actorId,actorUsername,targetType,targetId,"
                        + "targetName,targetOrganizationId,changes,requestId,sourceIp\n");
            }
            // a read-only transaction lets PostgreSQL hand rows over in chunks (a cursor) instead of all at once
            transactions.executeWithoutResult(status -> audit.stream(filter, entry -> write(writer, entry, csv)));
            writer.flush();
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-log." + (csv ? "csv" : "jsonl") + "\"")
                .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.parseMediaType("application/x-ndjson"))
                .body(body);
    }

    private static void write(BufferedWriter writer, AuditLogRepository.Entry entry, boolean csv) {
        try {
            if (!csv) {
                writer.write(JSON.writeValueAsString(entry));
                writer.write('\n');
                return;
            }
            AuditLogRepository.Target target = entry.target();
            writer.write(String.join(",", String.valueOf(entry.id()), entry.occurredAt().toString(),
                    Csv.cell(entry.eventType()), Csv.cell(entry.summary()), Csv.cell(entry.actor().type()),
                    Csv.cell(entry.actor().id()), Csv.cell(entry.actor().username()),
                    Csv.cell(target == null ? null : target.type()), Csv.cell(target == null ? null : target.id()),
                    Csv.cell(target == null ? null : target.name()), Csv.cell(target == null ? null : target.organizationId()),
                    Csv.cell(entry.changes()), Csv.cell(entry.requestId()), Csv.cell(entry.sourceIp())));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AuditLogRepository.Filter filter(List<String> actorTypes, String actorId, String actorUsername,
                                                    String targetId, String organizationId, String eventType, String from,
                                                    String to, String q, HttpServletRequest request) {
        CallerScope scope = CallerScope.of(request);
        List<String> types = actorTypes == null ? List.of() : actorTypes.stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(value -> QueryParams.enumValue("actorType", value, ActorType.class))
                .filter(java.util.Objects::nonNull).map(Enum::name).distinct().toList();
        return new AuditLogRepository.Filter(types, QueryParams.text(actorId), QueryParams.text(actorUsername),
                QueryParams.text(targetId), QueryParams.text(organizationId), QueryParams.text(eventType),
                QueryParams.instant("from", from), QueryParams.instant("to", to), QueryParams.text(q),
                scope.organizationSubtree(), scope.self());
    }

    private static Cursor cursor(String value) {
        Cursor cursor = Cursor.decode(value);
        if (cursor != null && !cursor.id().chars().allMatch(Character::isDigit)) {
            throw Problems.badParameter("cursor", "cursor is not one that Roster handed out; start again without it");
        }
        return cursor;
    }
}
