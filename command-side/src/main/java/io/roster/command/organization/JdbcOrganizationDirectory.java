package io.roster.command.organization;

import io.roster.command.access.PrincipalRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@link OrganizationDirectory} over the command-side lookup tables, in the command's transaction. */
@Component
class JdbcOrganizationDirectory implements OrganizationDirectory {

    private final JdbcClient jdbc;
    private final PrincipalRegistry principals;
    private final OrganizationTree tree;

    JdbcOrganizationDirectory(JdbcClient jdbc, PrincipalRegistry principals, OrganizationTree tree) {
        this.jdbc = jdbc;
        this.principals = principals;
        this.tree = tree;
    }

    @Override
    public State lockForMembership(String organizationId) {
        return state("SELECT active FROM org_registry WHERE organization_id = ? FOR SHARE", organizationId);
    }

    @Override
    public State lockForDeactivation(String organizationId) {
        return state("SELECT active FROM org_registry WHERE organization_id = ? FOR UPDATE", organizationId);
    }

    private State state(String sql, String organizationId) {
        return jdbc.sql(sql).param(organizationId).query(Boolean.class).optional()
                .map(active -> active ? State.ACTIVE : State.DEACTIVATED)
                .orElse(State.UNKNOWN);
    }

    @Override
    public long activeUsersIn(String organizationId) {
        return principals.activePeopleIn(organizationId);
    }

    @Override
    public long activeChildrenOf(String organizationId) {
        return jdbc.sql("SELECT count(*) FROM org_registry WHERE parent_id = ? AND active")
                .param(organizationId).query(Long.class).single();
    }

    @Override
    public boolean supportAccessEnabled() {
        return jdbc.sql("SELECT support_access FROM org_registry WHERE root FOR SHARE").query(Boolean.class)
                .optional().orElse(false);
    }

    @Override
    public List<String> allowedDomains() {
        return jdbc.sql("SELECT allowed_domains FROM org_registry WHERE root FOR SHARE")
                .query((rs, row) -> List.of((String[]) rs.getArray(1).getArray())).optional().orElse(List.of());
    }

    @Override
    public void lockHierarchy() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(OrganizationTree.HIERARCHY_LOCK).query().singleRow();
    }

    @Override
    public void shareHierarchy() {
        tree.holdMovesOff();
    }

    @Override
    public boolean isWithinSubtree(String candidate, String ancestor) {
        return tree.isWithin(candidate, ancestor);
    }
}
