package io.roster.app.support;

import io.roster.app.HeldCommand;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import io.roster.command.common.CommandSender;
import io.roster.command.user.UserCommands.CreateUser;
import io.roster.events.UserType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 003: disabling Support Access deactivates every support user. A support user created while the switch is
 * turned off (the create reads the switch under a share lock) must either be refused or be deactivated with the
 * others, never survive active. The create's transaction stays open for its answer read, the window here.
 */
class SupportAccessToggleRaceTest extends IntegrationTest {

    @Autowired
    CommandSender commands;

    @AfterEach
    void enableAgain() {
        toggle(true);
    }

    @Test
    void a_support_user_created_while_support_access_is_disabled_does_not_stay_active() throws Exception {
        assertThat(toggle(true).status()).isEqualTo(200);
        String supportUser = UUID.randomUUID().toString();
        HeldCommand create = HeldCommand.send(commands, "support:" + supportUser, new CreateUser(supportUser,
                uniqueUsername("vendor"), "Vendor", "Support", null, UserType.SUPPORT_USER, List.of()), "user", supportUser);
        CompletableFuture<Response> disable = CompletableFuture.supplyAsync(() -> toggle(false));
        try {
            disable.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException waitsForTheCreate) {
            // the switch waiting for the create to commit is fine
        }
        create.release();
        assertThat(disable.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);

        assertThat(api.get("/api/v1/users/" + supportUser).text("status"))
                .as("a support user left once Support Access is disabled").isNotEqualTo("ACTIVE");
    }

    private Response toggle(boolean enabled) {
        return api.send("PUT", "/api/v1/support-access", Map.of("enabled", enabled), "application/json");
    }
}
