package io.roster.app.mail;

import io.roster.command.user.Credentials;
import io.roster.events.UserType;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserInvited;
import io.roster.events.user.UserPasswordResetRequested;
import io.roster.query.userlist.UserDirectory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Turns "a person was created / invited again / asked for a reset" into a one-time link and an e-mail in the
 * outbox, in one transaction, once per event (the outbox's dedup key). Never replayed: a rebuild must not
 * e-mail anyone. The link's token exists in clear only in the outbox row until the e-mail is sent.
 */
@Component
@ProcessingGroup(InvitationMailer.GROUP)
@DisallowReplay
class InvitationMailer {

    static final String GROUP = "invitation-mail";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private final UserDirectory users;
    private final MailOutbox outbox;
    private final MailOutboxSender sender;
    private final String publicUrl;
    private final Duration invitationValidity;
    private final Duration resetValidity;

    InvitationMailer(Credentials credentials, UserDirectory users, MailOutbox outbox, MailOutboxSender sender, @Value("${roster.public-url}") String publicUrl,
                     @Value("${roster.mail.invitation-validity:P7D}") Duration invitationValidity,
                     @Value("${roster.mail.reset-validity:PT24H}") Duration resetValidity) {
        this.credentials = credentials;
        this.users = users;
        this.outbox = outbox;
        this.sender = sender;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.invitationValidity = invitationValidity;
        this.resetValidity = resetValidity;
    }

    @EventHandler
    void on(UserCreated event, EventMessage<?> message, @Timestamp Instant at) {
        if (event.username() != null && (event.userType() == UserType.USER || event.userType() == UserType.SUPPORT_USER)) {
            invite(event.userId(), event.username(), event.firstName(), message.getIdentifier(), at, "INVITATION");
        }
    }

    @EventHandler
    void on(UserInvited event, EventMessage<?> message, @Timestamp Instant at) {
        users.activePerson(event.userId()).ifPresent(person ->
                invite(event.userId(), person.username(), person.firstName(), message.getIdentifier(), at, "INVITATION"));
    }

    @EventHandler
    void on(UserPasswordResetRequested event, EventMessage<?> message, @Timestamp Instant at) {
        users.activePerson(event.userId()).ifPresent(person ->
                invite(event.userId(), person.username(), person.firstName(), message.getIdentifier(), at, "RESET"));
    }

    private void invite(String userId, String email, String firstName, String eventId, Instant at, String purpose) {
        String token = randomToken();
        boolean reset = purpose.equals("RESET");
        Instant expires = at.plus(reset ? resetValidity : invitationValidity);
        String link = publicUrl + "/activate.html?token=" + token;
        String subject = reset ? "Reset your Roster password" : "You are invited to Roster";
        String body = "Hello " + firstName + ",\n\n"
                + (reset ? "a password reset was requested for your Roster account " + email + ".\n"
                         : "an account was created for you in Roster: " + email + ".\n")
                + "Choose your password here (the link works once, until " + expires + "):\n\n  " + link + "\n\n"
                + "Or send the token yourself: POST " + publicUrl + "/api/v1/activation {\"token\": \"" + token
                + "\", \"password\": \"...\"}\n\nIf you did not expect this e-mail, ignore it.\n";
        if (!outbox.enqueue(eventId + ":" + purpose, new MailOutbox.Recipient(userId, email), subject, body)) {
            return; // this event was handled before (redelivery): its link and e-mail already exist
        }
        credentials.issueLink(userId, Credentials.hashToken(token), purpose, expires);
        sender.wakeUpAfterCommit();
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
