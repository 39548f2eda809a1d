package io.roster.command.role;

import io.roster.api.FindCustomRole;
import io.roster.api.RoleView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/** The custom role as the command's transaction wrote it. */
final class RoleAnswers {

    private RoleAnswers() {
    }

    static RoleView read(QueryGateway queries, String roleId) {
        return queries.query(new FindCustomRole(roleId), ResponseTypes.optionalInstanceOf(RoleView.class))
                .join().orElseThrow(() -> new IllegalStateException("custom role " + roleId + " has no row after its command"));
    }
}
