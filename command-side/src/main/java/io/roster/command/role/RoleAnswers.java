package io.roster.command.role;

import io.roster.api.FindCustomRole;
import io.roster.api.RoleView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/** The custom role as reads will show it after a command (read your writes). */
final class RoleAnswers {

    private RoleAnswers() {
    }

    static RoleView await(QueryGateway queries, String roleId, long version) {
        return queries.query(new FindCustomRole(roleId, version), ResponseTypes.optionalInstanceOf(RoleView.class))
                .join().orElse(null);
    }
}
