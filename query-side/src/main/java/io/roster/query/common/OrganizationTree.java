package io.roster.query.common;

/** SQL for "this organization and all its descendants" over the organization read model. */
public final class OrganizationTree {

    private OrganizationTree() {
    }

    /** A sub-select of the ids in the subtree rooted at the named parameter {@code :<parameter>}. */
    public static String subtree(String parameter) {
        return "WITH RECURSIVE subtree(id) AS (SELECT CAST(:" + parameter + " AS varchar) UNION "
                + "SELECT o.organization_id FROM organization_list o JOIN subtree s ON o.parent_id = s.id) "
                + "SELECT id FROM subtree";
    }
}
