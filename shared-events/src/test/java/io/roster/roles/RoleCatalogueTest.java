package io.roster.roles;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoleCatalogueTest {

    private final RoleCatalogue catalogue = RoleCatalogue.builtIn();

    @Test
    void holds_every_role_of_the_reference_plus_system_admin() {
        assertThat(catalogue.roles()).hasSize(45);
        assertThat(catalogue.roles()).extracting(RoleDefinition::name)
                .contains("Customer Cloud Admin", "Desktop User", "Audit Log Viewer", "Security Center User",
                        "PROe User", "Org Admin", "Cross Org Admin", "System Admin");
        assertThat(catalogue.roles()).allSatisfy(role -> {
            assertThat(role.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(role.permissions()).isNotEmpty();
            assertThat(role.scope()).isNotNull();
        });
    }

    @Test
    void records_scopes_and_permissions_as_the_reference_gives_them() {
        RoleDefinition desktopUser = catalogue.find("desktop-user").orElseThrow();
        assertThat(desktopUser.scope()).isEqualTo(RoleScope.ASSIGNED_USER);
        assertThat(catalogue.find("org-admin").orElseThrow().scope()).isEqualTo(RoleScope.ORGANIZATION_AND_CHILDREN);
        assertThat(catalogue.find("customer-cloud-admin").orElseThrow().scope()).isEqualTo(RoleScope.ALL_ORGANIZATIONS);
        assertThat(catalogue.find("audit-log-viewer").orElseThrow().permissions()).containsExactly("auditlog.read");
        assertThat(catalogue.find("sysadmin").orElseThrow().permissions()).contains("admin");
        assertThat(catalogue.permissions()).extracting(Permission::id).contains("console.login", "auditlog.read");
        assertThat(catalogue.find("no-such-role")).isEmpty();
        assertThat(catalogue.find(null)).isEmpty();
    }

    @Test
    void warns_about_a_role_held_without_its_companion() {
        List<RoleWarning> warnings = catalogue.warningsFor(List.of("cross-org-security-viewer"));
        assertThat(warnings).singleElement().satisfies(warning -> {
            assertThat(warning.roleId()).isEqualTo("cross-org-security-viewer");
            assertThat(warning.missingAnyOf()).containsExactly("security-center-user");
            assertThat(warning.message()).contains("Security Center User");
        });
        assertThat(catalogue.warningsFor(List.of("cross-org-security-viewer", "security-center-user"))).isEmpty();
        assertThat(catalogue.warningsFor(List.of("audit-log-viewer", "desktop-user"))).isEmpty();
        assertThat(catalogue.warningsFor(List.of("desktop-user"))).isEmpty();
    }
}
