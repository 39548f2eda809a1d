package io.roster.app.mail;

import io.roster.events.AuditMetadata;
import io.roster.events.organization.SupportAccessToggled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Seed 003: when Support Access is enabled or disabled, every active Customer Cloud Admin person receives an
 * e-mail saying which, when, and who changed it. One outbox row per (event, admin); never replayed.
 */
@Component
@ProcessingGroup(SupportAccessMailer.GROUP)
@DisallowReplay
class SupportAccessMailer {

    static final String GROUP = "support-access-mail";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final MailOutbox outbox;
    private final MailOutboxSender sender;

    SupportAccessMailer(JdbcClient jdbc, MailOutbox outbox, MailOutboxSender sender) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.sender = sender;
    }

    @EventHandler
    void on(SupportAccessToggled event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        List<MailOutbox.Recipient> admins = outbox.customerCloudAdmins();
        String state = event.enabled() ? "enabled" : "disabled";
        String changedBy = changedBy(metaData);
        String subject = "Roster: Support Access was " + state;
        String body = "Support Access for your Roster environment was " + state + ".\n\n"
                + "When: " + WHEN.format(at) + "\n"
                + "Changed by: " + changedBy + "\n\n"
                + (event.enabled()
                   ? "Code42 support users can now be created in your environment to help with troubleshooting.\n"
                   : "Code42 support users can no longer be created; existing ones were deactivated.\n")
                + "If you made this change, you can ignore this e-mail. If another administrator did, make sure the"
                + " change was authorized.\n";
        for (MailOutbox.Recipient admin : admins) {
            outbox.enqueue(message.getIdentifier() + ":" + admin.userId(), admin, subject, body);
        }
        if (!admins.isEmpty() && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> sender.wakeUp());
        }
    }

    /** The username of who changed it: a person's e-mail address, an API client's client id, or the system. */
    private String changedBy(MetaData metaData) {
        String actorId = (String) metaData.get(AuditMetadata.ACTOR_ID);
        String type = (String) metaData.get(AuditMetadata.ACTOR_TYPE);
        if ("USER".equals(type) || "SUPPORT_USER".equals(type)) {
            return jdbc.sql("SELECT username FROM user_list WHERE user_id = ?").param(actorId).query(String.class)
                    .optional().orElse("user " + actorId);
        }
        if ("API_CLIENT".equals(type)) {
            Object login = metaData.get(AuditMetadata.ACTOR_USERNAME);
            return "API client " + (login == null ? actorId : login);
        }
        return "Roster (system)";
    }
}
