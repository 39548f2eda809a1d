package io.roster.app.mail;

import io.roster.app.Eventually;
import io.roster.app.IntegrationTest;
import io.roster.app.People;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The mail outbox keeps personal data only until a mail is sent, and names other people by id. */
class MailOutboxPrivacyTest extends IntegrationTest {

    @Autowired
    MailOutbox outbox;

    @Test
    void a_sent_mail_keeps_no_address_name_or_link() throws Exception {
        String username = uniqueUsername("sent.once");
        String id = api.post("/api/v1/users", Map.of("username", username, "firstName", "Perpetua", "lastName", "Inkwell"))
                .text("id");
        assertThat((String) People.awaitMail(MAIL, username, 1).getContent()).contains("Perpetua").contains("token=");
        Eventually.await("the invitation marked sent", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM mail_outbox WHERE user_id = ? AND status = 'SENT'").param(id).query(Long.class)
                .single() == 1);
        assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox WHERE user_id = ? AND recipient IS NULL AND body IS NULL"
                + " AND last_error IS NULL").param(id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox t WHERE strpos(t::text, ?) > 0 OR strpos(t::text, ?) > 0")
                .params(username, "Perpetua").query(Long.class).single()).isZero();
    }

    @Test
    void a_mail_not_yet_sent_to_a_deleted_person_goes_with_them() {
        String username = uniqueUsername("never.reached");
        String id = createUser(username, null).text("id");
        // a mail the server has not taken yet (it is down: the next try is an hour away)
        jdbc.sql("""
                        INSERT INTO mail_outbox (dedup_key, user_id, recipient, subject, body, status, next_attempt_at)
                        VALUES (?, ?, ?, 'Reset your Roster password', 'Hello Perpetua, ... token=abc', 'PENDING',
                                now() + interval '1 hour')""")
                .params(UUID.randomUUID().toString(), id, username).update();
        api.post("/api/v1/users/" + id + "/deactivate", Map.of("reason", "leaving"));
        assertThat(api.delete("/api/v1/users/" + id).status()).isEqualTo(204);

        assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox WHERE user_id = ? OR recipient = ?").params(id, username)
                .query(Long.class).single()).isZero();
    }

    @Test
    void a_mail_names_the_person_it_mentions_as_they_are_when_it_goes_out_and_a_deleted_one_by_id() throws Exception {
        String present = uniqueUsername("still.here");
        String presentId = createUser(present, null).text("id");
        String gone = uniqueUsername("gone.before.sending");
        String goneId = createUser(gone, null).text("id");
        api.post("/api/v1/users/" + goneId + "/deactivate", Map.of("reason", "leaving"));
        assertThat(api.delete("/api/v1/users/" + goneId).status()).isEqualTo(204);

        String reader = uniqueUsername("reader");
        String tag = UUID.randomUUID().toString();
        outbox.enqueue(tag + ":present", new MailOutbox.Recipient(null, reader), "About someone",
                "Changed by: " + MailOutbox.MENTIONED + "\n", presentId);
        outbox.enqueue(tag + ":gone", new MailOutbox.Recipient(null, reader), "About someone",
                "Changed by: " + MailOutbox.MENTIONED + "\n", goneId);

        People.awaitMail(MAIL, reader, 2);
        StringBuilder received = new StringBuilder();
        for (MimeMessage message : MAIL.getReceivedMessagesForDomain(reader)) {
            received.append(message.getContent()).append('\n');
        }
        assertThat(received.toString()).contains("Changed by: " + present).contains("Changed by: user " + goneId)
                .doesNotContain(gone).doesNotContain(MailOutbox.MENTIONED);
    }
}
