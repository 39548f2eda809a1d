package io.roster.app.security;

import io.roster.api.AccessScope;
import io.roster.query.common.CallerScope;
import io.roster.roles.RoleScope;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.ErrorResponseException;

import java.util.Map;

import static io.roster.roles.RoleScope.ALL_ORGANIZATIONS;
import static io.roster.roles.RoleScope.ASSIGNED_USER;
import static io.roster.roles.RoleScope.ORGANIZATION_AND_CHILDREN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reach rules of privilege containment, and scope failing closed, without a server. */
class ContainmentRulesTest {

    @Test
    void all_organizations_is_covered_only_by_all_organizations() {
        assertThat(PrivilegeContainment.covers(ALL_ORGANIZATIONS, ALL_ORGANIZATIONS, false, () -> true)).isTrue();
        assertThat(PrivilegeContainment.covers(ORGANIZATION_AND_CHILDREN, ALL_ORGANIZATIONS, false, () -> true)).isFalse();
        assertThat(PrivilegeContainment.covers(ASSIGNED_USER, ALL_ORGANIZATIONS, true, () -> true)).isFalse();
        assertThat(PrivilegeContainment.covers(null, ASSIGNED_USER, true, () -> true)).isFalse();
    }

    @Test
    void an_organization_reach_covers_principals_in_its_subtree_only() {
        assertThat(PrivilegeContainment.covers(ORGANIZATION_AND_CHILDREN, ORGANIZATION_AND_CHILDREN, false, () -> true)).isTrue();
        assertThat(PrivilegeContainment.covers(ORGANIZATION_AND_CHILDREN, ASSIGNED_USER, false, () -> true)).isTrue();
        assertThat(PrivilegeContainment.covers(ORGANIZATION_AND_CHILDREN, ASSIGNED_USER, false, () -> false)).isFalse();
        assertThat(PrivilegeContainment.covers(ORGANIZATION_AND_CHILDREN, ORGANIZATION_AND_CHILDREN, false, () -> false)).isFalse();
    }

    @Test
    void a_reach_of_oneself_covers_only_oneself() {
        assertThat(PrivilegeContainment.covers(ASSIGNED_USER, ASSIGNED_USER, true, () -> false)).isTrue();
        assertThat(PrivilegeContainment.covers(ASSIGNED_USER, ASSIGNED_USER, false, () -> true)).isFalse();
        assertThat(PrivilegeContainment.covers(ASSIGNED_USER, ORGANIZATION_AND_CHILDREN, true, () -> true)).isFalse();
    }

    @Test
    void cross_organization_permissions_are_the_organization_ones_at_their_roles_reach() {
        Map<String, RoleScope> canonical = PrivilegeContainment.canonical(Map.of(
                "crossorg_user.update", ALL_ORGANIZATIONS, "user.update", ORGANIZATION_AND_CHILDREN,
                "restore.personal", ASSIGNED_USER));
        assertThat(canonical).containsEntry("user.update", ALL_ORGANIZATIONS)
                .containsEntry("restore.personal", ASSIGNED_USER).doesNotContainKey("crossorg_user.update");
    }

    @Test
    void a_list_query_without_an_established_scope_is_refused() {
        MockHttpServletRequest none = new MockHttpServletRequest();
        assertThatThrownBy(() -> CallerScope.of(none)).isInstanceOf(ErrorResponseException.class)
                .satisfies(e -> assertThat(((ErrorResponseException) e).getStatusCode().value()).isEqualTo(403));
        MockHttpServletRequest two = new MockHttpServletRequest();
        two.setAttribute(AccessScope.ALL_ORGANIZATIONS, Boolean.TRUE);
        two.setAttribute(AccessScope.ORGANIZATION_SUBTREE, "org");
        assertThatThrownBy(() -> CallerScope.of(two)).isInstanceOf(ErrorResponseException.class);
        MockHttpServletRequest all = new MockHttpServletRequest();
        all.setAttribute(AccessScope.ALL_ORGANIZATIONS, Boolean.TRUE);
        assertThat(CallerScope.of(all)).isEqualTo(new CallerScope(null, null));
        MockHttpServletRequest subtree = new MockHttpServletRequest();
        subtree.setAttribute(AccessScope.ORGANIZATION_SUBTREE, "org");
        assertThat(CallerScope.of(subtree).organizationSubtree()).isEqualTo("org");
    }
}
