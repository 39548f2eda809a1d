package io.roster.query.organization;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** "This organization and all its descendants" over the organization read model, for every read model that scopes. */
@Component
public class OrganizationTree {

    /** An organization as the tree knows it. */
    public record Node(String id, String name, String parentId) {
    }

    private final JdbcClient jdbc;

    OrganizationTree(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A sub-select of the ids in the subtree rooted at the named parameter {@code :<parameter>}. */
    public static String subtree(String parameter) {
        return "WITH RECURSIVE subtree(id) AS (SELECT CAST(:" + parameter + " AS varchar) UNION "
                + "SELECT o.organization_id FROM organization_list o JOIN subtree s ON o.parent_id = s.id) "
                + "SELECT id FROM subtree";
    }

    /** The ids of the organization and all its descendants. */
    public Set<String> subtreeOf(String root) {
        return new HashSet<>(jdbc.sql(subtree("root")).param("root", root).query(String.class).list());
    }

    /** Every organization, ordered by name then id. */
    public List<Node> all() {
        return jdbc.sql("SELECT organization_id, name, parent_id FROM organization_list ORDER BY name, organization_id")
                .query((rs, row) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }
}
