package io.roster.app.organization;

import io.roster.app.HeldCommand;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import io.roster.command.common.CommandSender;
import io.roster.command.user.UserCommands.DeactivateUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person deactivated while an ancestor of their organization moves: their deletion timer must follow the policy of
 * where they sit after both, or they are erased on the old home's schedule (here 30 days instead of 365: for good).
 * The deactivation's transaction stays open for its answer read, the window here.
 */
class RetentionMoveRaceTest extends IntegrationTest {

    @Autowired
    CommandSender commands;

    @Test
    void a_person_deactivated_while_their_organization_moves_gets_the_new_homes_retention() throws Exception {
        String shortHome = createOrganization("Thirty days " + System.nanoTime(), null);
        String longHome = createOrganization("A year " + System.nanoTime(), null);
        retention(shortHome, "P30D");
        retention(longHome, "P365D");
        String moving = createOrganization("Moving team", shortHome);
        String team = createOrganization("Sub team", moving);
        String person = createUser(uniqueUsername("leaver"), team).text("id");

        HeldCommand deactivation = HeldCommand.send(commands, "leaver:" + person,
                new DeactivateUser(person, "left", null), "user", person);
        CompletableFuture<Response> move = CompletableFuture.supplyAsync(() ->
                api.patch("/api/v1/organizations/" + moving, Map.of("parentId", longHome)));
        try {
            move.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException waitsForTheDeactivation) {
            // a move that waits for the deactivation to commit is fine too
        }
        deactivation.release();
        assertThat(move.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);

        String reason = jdbc.sql("SELECT reason FROM deletion_timer WHERE user_id = ?").param(person)
                .query(String.class).single();
        assertThat(reason).as("the timer of a person now under the one-year home").contains("PT8760H");
    }

    private void retention(String organizationId, String retention) {
        Response set = api.send("PUT", "/api/v1/organizations/" + organizationId + "/retention",
                Map.of("deactivatedUserRetention", retention), "application/json");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }
}
