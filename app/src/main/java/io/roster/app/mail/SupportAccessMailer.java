package io.roster.app.mail;

import io.roster.events.AuditMetadata;
import io.roster.events.organization.SupportAccessToggled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
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

    private final MailOutbox outbox;
    private final MailOutboxSender sender;

    SupportAccessMailer(MailOutbox outbox, MailOutboxSender sender) {
        this.outbox = outbox;
        this.sender = sender;
    }

    @EventHandler
    void on(SupportAccessToggled event, EventMessage<?> message, @Timestamp Instant at, MetaData metaData) {
        List<MailOutbox.Recipient> admins = outbox.customerCloudAdmins();
        String state = event.enabled() ? "enabled" : "disabled";
        String changedBy = changedBy(metaData);
        String mentioned = isPerson(metaData) ? (String) metaData.get(AuditMetadata.ACTOR_ID) : null;
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
            outbox.enqueue(message.getIdentifier() + ":" + admin.userId(), admin, subject, body, mentioned);
        }
        if (!admins.isEmpty()) {
            sender.wakeUpAfterCommit();
        }
    }

    private static boolean isPerson(MetaData metaData) {
        String type = (String) metaData.get(AuditMetadata.ACTOR_TYPE);
        return "USER".equals(type) || "SUPPORT_USER".equals(type);
    }

    /**
     * Who changed it: a person (their e-mail address, put in when the mail is sent, so that the outbox never holds
     * it), an API client's client id, or the system.
     */
    private String changedBy(MetaData metaData) {
        String actorId = (String) metaData.get(AuditMetadata.ACTOR_ID);
        String type = (String) metaData.get(AuditMetadata.ACTOR_TYPE);
        if (isPerson(metaData)) {
            return MailOutbox.MENTIONED;
        }
        if ("API_CLIENT".equals(type)) {
            Object login = metaData.get(AuditMetadata.ACTOR_USERNAME);
            return "API client " + (login == null ? actorId : login);
        }
        return "Roster (system)";
    }
}
