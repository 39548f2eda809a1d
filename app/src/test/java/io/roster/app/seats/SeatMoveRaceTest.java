package io.roster.app.seats;

import io.roster.app.HeldCommand;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import io.roster.command.common.CommandSender;
import io.roster.command.user.UserCommands.CreateUser;
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
 * A person created in an organization while that organization moves under a seat limit: the move counts the seat
 * holders committed before it, the create checks the limits of the lineage it read. One of them must see the other,
 * or the limit is passed. The create's transaction stays open for its answer read, the window here.
 */
class SeatMoveRaceTest extends IntegrationTest {

    @Autowired
    CommandSender commands;

    @Test
    void a_person_created_while_their_organization_moves_under_a_full_limit_does_not_pass_it() throws Exception {
        String limited = createOrganization("Limited to one " + System.nanoTime(), null);
        Response limit = api.send("PUT", "/api/v1/organizations/" + limited + "/seat-limit", Map.of("seatLimit", 1),
                "application/json");
        assertThat(limit.status()).as(limit.toString()).isEqualTo(200);
        assertThat(createUser(uniqueUsername("inside"), limited).status()).isEqualTo(201);
        String moving = createOrganization("Unstaffed", null);
        String person = UUID.randomUUID().toString();

        HeldCommand create = HeldCommand.send(commands, "seat:" + person, new CreateUser(person,
                uniqueUsername("newcomer"), "New", "Comer", moving, null, List.of()), "user", person);
        CompletableFuture<Response> move = CompletableFuture.supplyAsync(() ->
                api.patch("/api/v1/organizations/" + moving, Map.of("parentId", limited)));
        try {
            move.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException waitsForTheCreate) {
            // a move that waits for the create to commit is fine
        }
        create.release();
        Response moved = move.get(30, TimeUnit.SECONDS);

        long seatHolders = jdbc.sql("""
                        SELECT count(*) FROM user_list WHERE status = 'ACTIVE' AND user_type = 'USER'
                          AND organization_id IN (?, ?)""")
                .params(limited, moving).query(Long.class).single();
        boolean movedIn = moved.status() == 200;
        assertThat(movedIn ? seatHolders : 1)
                .as("seat holders under the limit of one (move answered " + moved.status() + ")").isLessThanOrEqualTo(1);
    }
}
