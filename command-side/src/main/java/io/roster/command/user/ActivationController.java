package io.roster.command.user;

import io.roster.api.FindUser;
import io.roster.api.UserView;
import io.roster.command.common.CommandSender;
import io.roster.command.user.UserCommands.SetPassword;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;


/**
 * People set their password through the one-time link of an invitation (valid 7 days) or a password reset.
 * Needs no bearer token: the link is the credential. The password is hashed here and never leaves this request.
 */
@RestController
@Tag(name = "Sign-in")
class ActivationController {

    private final CommandSender commands;
    private final QueryGateway queries;
    private final Credentials credentials;
    private final PasswordEncoder encoder;

    ActivationController(CommandSender commands, QueryGateway queries, Credentials credentials, PasswordEncoder encoder) {
        this.commands = commands;
        this.queries = queries;
        this.credentials = credentials;
        this.encoder = encoder;
    }

    // the password's size is PasswordPolicy's to judge (in UTF-8 bytes, bcrypt's limit); this bound only keeps an
    // absurd body from reaching it
    record ActivationRequest(@NotBlank @Size(max = 200) String token,
                             @NotBlank @Size(max = 4096) String password) {
    }

    @PostMapping("/api/v1/activation")
    @Operation(summary = "Set a password with the token of an invitation or reset link (no bearer token needed)")
    ResponseEntity<Void> activate(@Valid @RequestBody ActivationRequest request) {
        String tokenHash = Credentials.hashToken(request.token());
        String userId = credentials.userForToken(tokenHash).orElseThrow(JdbcCredentials::invalidLink);
        UserView user = queries.query(new FindUser(userId), ResponseTypes.optionalInstanceOf(UserView.class)).join()
                .orElseThrow(JdbcCredentials::invalidLink);
        PasswordPolicy.check(request.password(), user.username(), user.firstName(), user.lastName());
        commands.send(new SetPassword(userId, tokenHash, encoder.encode(request.password())), "user", userId);
        return ResponseEntity.noContent().build();
    }
}
