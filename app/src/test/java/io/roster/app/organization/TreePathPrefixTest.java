package io.roster.app.organization;

import io.roster.app.IntegrationTest;
import io.roster.command.common.RequestActor;
import io.roster.command.organization.OrganizationCommands.CreateOrganization;
import io.roster.command.organization.OrganizationTree;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subtree is one range of paths, {@code 'X/'} up to {@code 'X0'}. Organizations whose ids start with another's id
 * (followed by a character sorting before '/', between '/' and '0', or after it) are not its descendants, and a scope
 * reaching one never reaches the others. Ids are made by Roster (UUIDs), so only Roster itself can pick these.
 */
class TreePathPrefixTest extends IntegrationTest {

    @Autowired
    CommandGateway gateway;
    @Autowired
    OrganizationTree tree;

    @Test
    void an_organization_whose_id_starts_with_anothers_is_not_in_its_subtree() {
        String base = "pfx" + System.nanoTime();
        List<String> lookalikes = List.of(base + "-1", base + ".1", base + "0", base + "a", base + "_");
        create(base, null);
        String child = base + "child";
        create(child, base);
        lookalikes.forEach(id -> create(id, null));
        String lookalikeChild = base + "-1-child";
        create(lookalikeChild, base + "-1");

        assertThat(tree.subtree(base)).containsExactlyInAnyOrder(base, child);
        assertThat(tree.isWithin(child, base)).isTrue();
        for (String lookalike : lookalikes) {
            assertThat(tree.isWithin(lookalike, base)).as(lookalike).isFalse();
            assertThat(tree.isWithin(base, lookalike)).as(lookalike).isFalse();
        }
        assertThat(tree.isWithin(lookalikeChild, base)).isFalse();
    }

    private void create(String id, String parent) {
        RequestActor.system("prefix:" + id).runAs(() ->
                gateway.sendAndWait(new CreateOrganization(id, "Prefix " + id, parent, false)));
    }
}
