package io.roster.app.mail;

import io.roster.command.common.PeriodicTask;
import io.roster.query.userlist.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sends the mail outbox over SMTP (spring.mail.*). Any node may send: rows are claimed with FOR UPDATE SKIP
 * LOCKED. A failed send is retried with exponential back-off (up to an hour between tries); a mail server that
 * is down delays mail, it never fails a command. After sending, the address and the body (which holds a name and
 * a one-time link) are erased: a sent row keeps only its id, purpose and times. A row given up on loses its body.
 */
@Component
class MailOutboxSender extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(MailOutboxSender.class);
    private static final int BATCH = 20;
    private static final int MAX_ATTEMPTS = 20;
    private static final Duration GATHER = Duration.ofMillis(100);

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final TransactionTemplate transactions;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final String from;

    MailOutboxSender(JdbcClient jdbc, UserDirectory users, TransactionTemplate transactions, ObjectProvider<JavaMailSender> mailSender,
                     @Value("${roster.mail.from:roster@localhost}") String from,
                     @Value("${roster.mail.poll-interval:2s}") Duration pollInterval) {
        // an invitation per created user: a burst of creates is sent in one pass, not one transaction per create
        super("mail-outbox", pollInterval, GATHER);
        this.jdbc = jdbc;
        this.users = users;
        this.transactions = transactions;
        this.mailSender = mailSender;
        this.from = from;
    }

    private record Mail(long id, String recipient, String subject, String body, int attempts, String mentioned) {
    }

    @Override
    protected void runOnce() {
        JavaMailSender smtp = mailSender.getIfAvailable();
        if (smtp == null || smtp instanceof JavaMailSenderImpl impl && (impl.getHost() == null || impl.getHost().isBlank())) {
            return; // no spring.mail.host: mail waits in the outbox until one is configured
        }
        try {
            int sent;
            do {
                sent = transactions.execute(status -> sendBatch(smtp));
            } while (sent == BATCH && !isStopping());
        } catch (RuntimeException e) {
            log.warn("Mail outbox pass failed; retrying at the next poll: {}", e.getMessage());
        }
    }

    private int sendBatch(JavaMailSender smtp) {
        List<Mail> due = jdbc.sql("""
                        SELECT id, recipient, subject, body, attempts, mentioned_user_id FROM mail_outbox
                        WHERE status = 'PENDING' AND next_attempt_at <= now()
                        ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(BATCH)
                .query((rs, row) -> new Mail(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6)))
                .list();
        List<Long> sent = new ArrayList<>();
        for (Mail mail : due) {
            try {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(mail.recipient());
                message.setSubject(mail.subject());
                message.setText(render(mail));
                smtp.send(message);
                sent.add(mail.id());
            } catch (RuntimeException e) {
                String error = withoutAddress(String.valueOf(e.getMessage()), mail.recipient());
                int attempts = mail.attempts() + 1;
                long backoffSeconds = Math.min(3600, (long) Math.pow(2, Math.min(attempts, 12)));
                boolean givenUp = attempts >= MAX_ATTEMPTS;
                jdbc.sql("UPDATE mail_outbox SET attempts = ?, last_error = ?, status = ?,"
                                + " next_attempt_at = now() + make_interval(secs => ?),"
                                + " body = CASE WHEN ? THEN NULL ELSE body END WHERE id = ?")
                        .params(attempts, error, givenUp ? "FAILED" : "PENDING",
                                backoffSeconds, givenUp, mail.id())
                        .update();
                log.warn("Could not send mail {} (attempt {}): {}", mail.id(), attempts, error);
            }
        }
        if (!sent.isEmpty()) {
            jdbc.sql("UPDATE mail_outbox SET status = 'SENT', sent_at = now(), recipient = NULL, body = NULL,"
                    + " attempts = attempts + 1, last_error = NULL WHERE id = ANY(?)")
                    .param(sent.toArray(Long[]::new)).update();
        }
        return due.size();
    }

    /**
     * A mail server's refusal often quotes the address it refused ("550 5.1.1 <ada@example.com>: unknown"): the log
     * and the outbox's last error name the mail by its id, never by its recipient.
     */
    static String withoutAddress(String error, String recipient) {
        if (recipient == null || recipient.isEmpty()) {
            return error;
        }
        return Pattern.compile(Pattern.quote(recipient), Pattern.CASE_INSENSITIVE).matcher(error)
                .replaceAll("<recipient>");
    }

    /** The body with the person it mentions named as they are now: by username, or by id once deleted. */
    private String render(Mail mail) {
        if (mail.mentioned() == null || mail.body() == null || !mail.body().contains(MailOutbox.MENTIONED)) {
            return mail.body();
        }
        String name = users.username(mail.mentioned()).orElse("user " + mail.mentioned());
        return mail.body().replace(MailOutbox.MENTIONED, name);
    }
}
