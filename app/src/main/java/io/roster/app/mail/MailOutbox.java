package io.roster.app.mail;

import io.roster.command.access.PrincipalRegistry;
import io.roster.query.userlist.UserDirectory;
import io.roster.roles.RoleCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Queues e-mail in {@code mail_outbox}, in the caller's transaction; {@link MailOutboxSender} sends it after the
 * commit. The dedup key makes a redelivered event queue nothing twice.
 */
@Component
public class MailOutbox {

    /**
     * Where a mail's body names another person ({@link #enqueue(String, Recipient, String, String, String)}): the
     * sender puts in their username as it is when the mail goes out, or their id once they have been deleted.
     */
    public static final String MENTIONED = "{{mentioned}}";

    /** Someone to write to: the person's id and e-mail address (their username). */
    public record Recipient(String userId, String email) {
    }

    private final JdbcClient jdbc;
    private final PrincipalRegistry principals;
    private final UserDirectory users;

    MailOutbox(JdbcClient jdbc, PrincipalRegistry principals, UserDirectory users) {
        this.jdbc = jdbc;
        this.principals = principals;
        this.users = users;
    }

    /** Every active Customer Cloud Admin (people and support users) with a readable e-mail address. */
    public List<Recipient> customerCloudAdmins() {
        List<String> admins = principals.activePeopleHolding(RoleCatalogue.CUSTOMER_CLOUD_ADMIN);
        Map<String, String> addresses = users.usernames(admins);
        return admins.stream().filter(addresses::containsKey)
                .map(admin -> new Recipient(admin, addresses.get(admin))).toList();
    }

    /** Queues one e-mail; false when one with this dedup key was queued before. */
    public boolean enqueue(String dedupKey, Recipient to, String subject, String body) {
        return enqueue(dedupKey, to, subject, body, null);
    }

    /**
     * Queues one e-mail whose body names the person {@code mentionedUserId} by {@link #MENTIONED}: the outbox keeps
     * their id, not their username, so a mail still waiting when they are deleted names them by id only.
     */
    public boolean enqueue(String dedupKey, Recipient to, String subject, String body, String mentionedUserId) {
        return jdbc.sql("""
                        INSERT INTO mail_outbox (dedup_key, user_id, recipient, subject, body, status, mentioned_user_id)
                        VALUES (?, ?, ?, ?, ?, 'PENDING', ?) ON CONFLICT (dedup_key) DO NOTHING""")
                .params(dedupKey, to.userId(), to.email(), subject, body, mentionedUserId).update() > 0;
    }
}
