package io.roster.app.organization;

import io.roster.app.Eventually;
import io.roster.app.HeldCommand;
import io.roster.app.IntegrationTest;
import io.roster.app.RosterApi;
import io.roster.app.RosterApi.Response;
import io.roster.command.common.CommandSender;
import io.roster.command.organization.OrganizationCommands.CreateOrganization;
import io.roster.command.organization.OrganizationTree;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An organization created under P while P moves: the move rewrites P's subtree paths in one UPDATE, which waits for
 * the create's lock on P; the new child must end up under P's new path, or the old ancestors' scope would still
 * reach it (and the new ones' would not). The create's transaction stays open for its answer read, the window here.
 */
class TreeMoveRaceTest extends IntegrationTest {

    @Autowired
    CommandSender commands;
    @Autowired
    OrganizationTree tree;

    @Test
    void a_child_created_while_its_parent_moves_moves_with_it() throws Exception {
        String oldHome = createOrganization("Old home " + System.nanoTime(), null);
        String newHome = createOrganization("New home " + System.nanoTime(), null);
        String parent = createOrganization("Moving parent", oldHome);
        RosterApi oldHomeAdmin = clientWith(oldHome, "org-admin");
        String child = UUID.randomUUID().toString();

        // the answer is read in the create's transaction: it is still open while the move runs
        HeldCommand create = HeldCommand.send(commands, "child:" + child,
                new CreateOrganization(child, "Child", parent, false), "organization", child);
        CompletableFuture<Response> move = CompletableFuture.supplyAsync(() ->
                api.patch("/api/v1/organizations/" + parent, Map.of("parentId", newHome)));
        Eventually.await("the move waits for the create", Duration.ofSeconds(10), () -> !waiting().isEmpty());
        List<String> waitingStatements = waiting();
        create.release();
        Response moved = move.get(30, TimeUnit.SECONDS);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        Response planted = oldHomeAdmin.post("/api/v1/users", Map.of("username", uniqueUsername("planted"),
                "firstName", "Planted", "lastName", "User", "organizationId", child));
        assertThat(planted.status()).as("an admin of the old home creating a user in the moved child: " + planted)
                .isNotEqualTo(201);
        assertThat(tree.isWithin(child, newHome))
                .as("the child sits under its parent's new home (the move waited in " + waitingStatements + ")")
                .isTrue();
        assertThat(tree.isWithin(child, oldHome)).as("the old home no longer reaches the child").isFalse();
    }

    /** Statements of other sessions waiting for a lock. */
    private List<String> waiting() {
        return jdbc.sql("SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
                .query(String.class).list();
    }
}
