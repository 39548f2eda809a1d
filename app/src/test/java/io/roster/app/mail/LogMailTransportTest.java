package io.roster.app.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/** ROSTER_MAIL_TRANSPORT=log: the mail sender the outbox uses writes each e-mail to the log; off by default. */
@ExtendWith(OutputCaptureExtension.class)
class LogMailTransportTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(LogMailTransport.class);

    @Test
    void with_transport_log_each_mail_is_written_to_the_log_and_the_sender_counts_as_configured(CapturedOutput output) {
        context.withPropertyValues("roster.mail.transport=log").run(running -> {
            JavaMailSender sender = running.getBean(JavaMailSender.class);
            // MailOutboxSender only sends through a sender with a host
            assertThat(((JavaMailSenderImpl) sender).getHost()).isNotBlank();
            SimpleMailMessage message = new SimpleMailMessage();
            message.setTo("first.admin@example.com");
            message.setSubject("You are invited to Roster");
            message.setText("Choose your password here: http://localhost:8080/activate.html?token=abc123");
            sender.send(message);
        });
        assertThat(output).contains("not sent").contains("E-mail to [first.admin@example.com] (You are invited to Roster)")
                .contains("activate.html?token=abc123");
    }

    @Test
    void without_it_there_is_no_log_transport() {
        context.run(running -> assertThat(running).doesNotHaveBean(JavaMailSender.class));
        context.withPropertyValues("roster.mail.transport=smtp")
                .run(running -> assertThat(running).doesNotHaveBean(JavaMailSender.class));
    }
}
