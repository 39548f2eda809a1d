package io.roster.app.seats;

import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seat limit counts the organization and its children. Creating, reactivating or moving a seat holder beyond it is
 * refused; moving a whole organization with its seat holders under it must be too, or the limit is passed by
 * creating the people elsewhere first.
 */
class OrganizationMoveSeatLimitTest extends IntegrationTest {

    @Test
    void moving_an_organization_with_its_seat_holders_under_a_full_limit_is_refused() {
        String limited = createOrganization("Limited to one " + System.nanoTime(), null);
        Response limit = api.send("PUT", "/api/v1/organizations/" + limited + "/seat-limit", Map.of("seatLimit", 1),
                "application/json");
        assertThat(limit.status()).as(limit.toString()).isEqualTo(200);
        assertThat(createUser(uniqueUsername("inside"), limited).status()).isEqualTo(201);
        assertThat(createUser(uniqueUsername("refused"), limited).status()).as("the limit holds for a create")
                .isEqualTo(422);
        String elsewhere = createOrganization("Staffed elsewhere", null);
        assertThat(createUser(uniqueUsername("outside.1"), elsewhere).status()).isEqualTo(201);
        assertThat(createUser(uniqueUsername("outside.2"), elsewhere).status()).isEqualTo(201);

        Response moved = api.patch("/api/v1/organizations/" + elsewhere, Map.of("parentId", limited));
        assertThat(moved.status()).as("three seat holders under a limit of one: " + moved).isEqualTo(422);
    }
}
