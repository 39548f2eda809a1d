package io.roster.app.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.util.Arrays;

/**
 * {@code ROSTER_MAIL_TRANSPORT=log}: e-mails are written to Roster's log instead of being sent, for trying Roster
 * on a machine without a mail server (the first person's invitation link, to sign in to the console). Each mail is
 * logged once, then marked sent and its body (with the one-time link) erased from the outbox like a sent one.
 * Not for production: whoever reads the log can use the links.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "roster.mail.transport", havingValue = "log")
class LogMailTransport {

    static final Logger MAIL_LOG = LoggerFactory.getLogger("io.roster.mail");

    @Bean
    JavaMailSender logMailSender() {
        MAIL_LOG.warn("ROSTER_MAIL_TRANSPORT=log: e-mails (with their one-time links) are written to this log, not sent");
        return new LoggingSender();
    }

    /** A mail sender whose "server" is the log. */
    static final class LoggingSender extends JavaMailSenderImpl {

        LoggingSender() {
            setHost("log");
        }

        @Override
        public void send(SimpleMailMessage... messages) throws MailException {
            for (SimpleMailMessage message : messages) {
                MAIL_LOG.info("E-mail to {} ({}):{}{}", Arrays.toString(message.getTo()), message.getSubject(),
                        System.lineSeparator(), message.getText());
            }
        }
    }
}
