package io.roster.app.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the mail sender writes to its log and the outbox when a mail server refuses a mail. */
class MailOutboxSenderTest {

    @Test
    void a_refusal_that_quotes_the_address_is_kept_and_logged_without_it() {
        assertThat(MailOutboxSender.withoutAddress(
                "Failed messages: SendFailedException: Invalid Addresses; 550 5.1.1 <Ada.Lovelace@Example.com>: unknown",
                "ada.lovelace@example.com"))
                .isEqualTo("Failed messages: SendFailedException: Invalid Addresses; 550 5.1.1 <<recipient>>: unknown");
        assertThat(MailOutboxSender.withoutAddress("Connection refused", "ada@example.com")).isEqualTo("Connection refused");
    }
}
