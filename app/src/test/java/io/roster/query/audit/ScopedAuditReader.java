package io.roster.query.audit;

import io.roster.api.AccessScope;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the audit log as a reader scoped to an organization's subtree or to themselves would, straight through the
 * package-private controller: no role can carry {@code auditlog.read} narrower than all organizations any more, so
 * no such reader can be signed in over HTTP, yet the scope the access policy hands over must still be honoured.
 */
public final class ScopedAuditReader {

    /** What a reader sees of an entry's people. */
    public record Seen(String eventType, String actorId, String actorUsername, String targetId, String targetName) {
    }

    private final AuditLogController controller;

    public ScopedAuditReader(ApplicationContext context) {
        this.controller = context.getBean(AuditLogController.class);
    }

    public static MockHttpServletRequest organizationSubtree(String organizationId) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(AccessScope.ORGANIZATION_SUBTREE, organizationId);
        return request;
    }

    public static MockHttpServletRequest self(String userId) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(AccessScope.SELF, userId);
        return request;
    }

    public List<Seen> page(MockHttpServletRequest reader, String targetId, String actorUsername) {
        return controller.list(null, null, actorUsername, targetId, null, null, null, null, null, null, null, reader)
                .items().stream().map(entry -> new Seen(entry.eventType(), entry.actor().id(), entry.actor().username(),
                        entry.target() == null ? null : entry.target().id(),
                        entry.target() == null ? null : entry.target().name())).toList();
    }

    /** The export's whole body in {@code format} ("csv" or "jsonl"). */
    public String export(MockHttpServletRequest reader, String targetId, String format) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            controller.export(null, null, null, targetId, null, null, null, null, null, format, reader).getBody()
                    .writeTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toString(StandardCharsets.UTF_8);
    }
}
