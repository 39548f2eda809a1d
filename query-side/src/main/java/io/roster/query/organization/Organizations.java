package io.roster.query.organization;

import io.roster.api.FindOrganizationSubtree;
import io.roster.api.OrganizationSubtree;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Organizations as the other read models ask for them: subtrees from the one organization tree (the command side's
 * materialized paths, asked through the query bus), names and places from the organization read model.
 */
@Component
public class Organizations {

    /** An organization as the organization list shows it. */
    public record Node(String id, String name, String parentId, String status) {
    }

    private final JdbcClient jdbc;
    private final QueryGateway queries;

    Organizations(JdbcClient jdbc, QueryGateway queries) {
        this.jdbc = jdbc;
        this.queries = queries;
    }

    /** The ids of the organization and all its descendants, as an SQL array parameter ({@code = ANY(:ids)}). */
    public String[] subtreeIds(String root) {
        return queries.query(new FindOrganizationSubtree(root), OrganizationSubtree.class).join().organizationIds()
                .toArray(String[]::new);
    }

    /** The ids of the organization and all its descendants. */
    public Set<String> subtreeOf(String root) {
        return new HashSet<>(List.of(subtreeIds(root)));
    }

    /** Every organization, ordered by name then id. */
    public List<Node> all() {
        return jdbc.sql("SELECT organization_id, name, parent_id, status FROM organization_list ORDER BY name, organization_id")
                .query((rs, row) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }
}
