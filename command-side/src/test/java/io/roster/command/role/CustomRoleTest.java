package io.roster.command.role;

import io.roster.command.common.Refusal.Kind;
import io.roster.command.role.RoleCommands.CreateCustomRole;
import io.roster.command.role.RoleCommands.DeleteCustomRole;
import io.roster.command.role.RoleCommands.UpdateCustomRole;
import io.roster.command.testing.InMemoryRoleDirectory;
import io.roster.events.role.CustomRoleCreated;
import io.roster.events.role.CustomRoleDeleted;
import io.roster.events.role.CustomRoleUpdated;
import io.roster.roles.RoleCatalogue;
import io.roster.roles.RoleScope;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static io.roster.command.testing.RefusalMatcher.refusal;
import static org.assertj.core.api.Assertions.assertThat;

class CustomRoleTest {

    private static final String ROLE_ID = "custom-1";
    private static final String OTHER_ROLE_ID = "custom-2";
    private static final String NAME = "Backup user, no console restore";
    private static final String OTHER_NAME = "Read-only help desk";

    private static final String DESKTOP_USER = RoleCatalogue.DESKTOP_USER;
    private static final String ORG_HELP_DESK = "org-help-desk";
    private static final String UNKNOWN_ROLE = "no-such-role";
    private static final String UNKNOWN_PERMISSION = "no.such.permission";

    /** desktop-user in builtin-roles.json. */
    private static final List<String> DESKTOP_USER_PERMISSIONS =
            List.of("cpd.restore", "plan.create", "restore.personal", "select.personal");
    /** desktop-user without restore.personal: seed 004's "Backup user, no console restore". */
    private static final List<String> BACKUP_USER_PERMISSIONS = List.of("cpd.restore", "plan.create", "select.personal");

    private FixtureConfiguration<CustomRole> fixture;
    private InMemoryRoleDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new InMemoryRoleDirectory();
        fixture = new AggregateTestFixture<>(CustomRole.class);
        fixture.registerInjectableResource(directory);
    }

    private static CustomRoleCreated created() {
        return new CustomRoleCreated(ROLE_ID, NAME, DESKTOP_USER, RoleScope.ASSIGNED_USER, BACKUP_USER_PERMISSIONS);
    }

    private static List<String> list(String... values) {
        return values == null ? null : Arrays.asList(values);
    }

    private static CreateCustomRole create(String name, String basedOn, List<String> add, List<String> remove) {
        return new CreateCustomRole(ROLE_ID, name, basedOn, add, remove);
    }

    @Test
    void the_catalogue_still_defines_desktop_user_as_these_tests_expect() {
        assertThat(RoleCatalogue.builtIn().find(DESKTOP_USER)).hasValueSatisfying(role -> {
            assertThat(role.name()).isEqualTo("Desktop User");
            assertThat(role.scope()).isEqualTo(RoleScope.ASSIGNED_USER);
            assertThat(role.permissions()).containsExactlyElementsOf(DESKTOP_USER_PERMISSIONS);
        });
    }

    @Nested
    class Create {

        @Test
        void seed_004_read_only_help_desk_keeps_exactly_the_remaining_permissions_of_org_help_desk() {
            List<String> expected = List.of("computer.read", "console.login", "cpd.restore", "org.read", "plan.read",
                    "user.read");

            fixture.givenNoPriorActivity()
                    .when(create(OTHER_NAME, ORG_HELP_DESK, null,
                            List.of("pushrestore.limited", "select.all", "select.personal")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new CustomRoleCreated(ROLE_ID, OTHER_NAME, ORG_HELP_DESK,
                            RoleScope.ORGANIZATION_AND_CHILDREN, expected))
                    .expectResultMessagePayload(ROLE_ID);

            assertThat(RoleCatalogue.builtIn().find(ORG_HELP_DESK).orElseThrow().permissions())
                    .containsExactlyInAnyOrder("computer.read", "console.login", "cpd.restore", "org.read",
                            "plan.read", "pushrestore.limited", "select.all", "select.personal", "user.read");
            assertThat(directory.claimantOf("read-only HELP desk")).contains(ROLE_ID);
        }

        @Test
        void seed_004_backup_user_without_console_restore_is_desktop_user_without_restore_personal() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, DESKTOP_USER, List.of(), List.of("restore.personal")))
                    .expectEvents(new CustomRoleCreated(ROLE_ID, NAME, DESKTOP_USER, RoleScope.ASSIGNED_USER,
                            BACKUP_USER_PERMISSIONS))
                    .expectResultMessagePayload(ROLE_ID);

            assertThat(directory.claimantOf(NAME)).contains(ROLE_ID);
        }

        @Test
        void creating_a_role_appends_added_permissions_in_order_then_removes_and_keeps_the_base_scope() {
            fixture.givenNoPriorActivity()
                    .when(create("Desktop auditor", DESKTOP_USER,
                            List.of("computer.read", "cpd.restore", "console.login", "computer.read"),
                            List.of("plan.create")))
                    .expectEvents(new CustomRoleCreated(ROLE_ID, "Desktop auditor", DESKTOP_USER,
                            RoleScope.ASSIGNED_USER,
                            List.of("cpd.restore", "restore.personal", "select.personal", "computer.read",
                                    "console.login")));
        }

        @Test
        void creating_a_role_that_adds_and_removes_the_same_permission_leaves_it_out() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, DESKTOP_USER, List.of("computer.read"), List.of("computer.read")))
                    .expectEvents(new CustomRoleCreated(ROLE_ID, NAME, DESKTOP_USER, RoleScope.ASSIGNED_USER,
                            DESKTOP_USER_PERMISSIONS));
        }

        @Test
        void creating_an_unchanged_duplicate_copies_the_base_role() {
            fixture.givenNoPriorActivity()
                    .when(create(" Help desk copy ", ORG_HELP_DESK, null, null))
                    .expectEvents(new CustomRoleCreated(ROLE_ID, "Help desk copy", ORG_HELP_DESK,
                            RoleScope.ORGANIZATION_AND_CHILDREN,
                            RoleCatalogue.builtIn().find(ORG_HELP_DESK).orElseThrow().permissions()));
        }

        @Test
        void creating_a_role_based_on_a_custom_role_takes_its_permissions_and_scope() {
            directory.withCustomRole(OTHER_ROLE_ID, OTHER_NAME, RoleScope.ORGANIZATION_AND_CHILDREN,
                    List.of("computer.read", "user.read"));

            fixture.givenNoPriorActivity()
                    .when(create(NAME, OTHER_ROLE_ID, List.of("org.read"), List.of("computer.read")))
                    .expectEvents(new CustomRoleCreated(ROLE_ID, NAME, OTHER_ROLE_ID,
                            RoleScope.ORGANIZATION_AND_CHILDREN, List.of("user.read", "org.read")));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {UNKNOWN_ROLE, "Desktop User", "DESKTOP-USER"})
        void creating_a_role_based_on_an_unknown_role_is_refused_as_unprocessable_role_not_found(String basedOn) {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, basedOn, null, List.of("restore.personal")))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "role-not-found", "basedOn"));

            assertThat(directory.claims()).isEmpty();
        }

        @Test
        void a_role_scoped_to_an_organization_cannot_add_an_environment_wide_permission() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, ORG_HELP_DESK, List.of("computer.update", "support_user.toggle_creation"), null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-environment-wide", "addPermissions"));
        }

        @Test
        void a_role_for_all_organizations_may_add_an_environment_wide_permission() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, "audit-log-viewer", List.of("api_client.read"), null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new CustomRoleCreated(ROLE_ID, NAME, "audit-log-viewer", RoleScope.ALL_ORGANIZATIONS,
                            List.of("auditlog.read", "api_client.read")));
        }

        @Test
        void creating_a_role_adding_an_unknown_permission_is_refused_as_unprocessable_permission_not_found() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, DESKTOP_USER, List.of("computer.read", UNKNOWN_PERMISSION), null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-not-found", "addPermissions"));

            assertThat(directory.claims()).isEmpty();
        }

        @Test
        void creating_a_role_adding_a_null_permission_is_refused_as_unprocessable_permission_not_found() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, DESKTOP_USER, list("computer.read", null), null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-not-found", "addPermissions"));
        }

        @Test
        void creating_a_role_removing_an_unknown_permission_is_refused_as_unprocessable_permission_not_found() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, DESKTOP_USER, null, List.of("restore.personal", UNKNOWN_PERMISSION)))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-not-found", "removePermissions"));

            assertThat(directory.claims()).isEmpty();
        }

        @Test
        void creating_a_role_removing_a_known_permission_the_base_lacks_ignores_it() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, DESKTOP_USER, null, List.of("restore.personal", "computer.read")))
                    .expectEvents(new CustomRoleCreated(ROLE_ID, NAME, DESKTOP_USER, RoleScope.ASSIGNED_USER,
                            BACKUP_USER_PERMISSIONS));
        }

        @Test
        void creating_a_role_removing_every_permission_is_refused_as_unprocessable_empty_role() {
            fixture.givenNoPriorActivity()
                    .when(create(NAME, DESKTOP_USER, null, DESKTOP_USER_PERMISSIONS))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "empty-role", "removePermissions"));

            assertThat(directory.claims()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"Desktop User", "desktop user", "DESKTOP USER", "dEsKtOp UsEr", "  Desktop User  ",
                "System Admin", "org help desk"})
        void creating_a_role_named_like_a_built_in_role_is_refused_as_conflict_duplicate_role_name(String name) {
            fixture.givenNoPriorActivity()
                    .when(create(name, DESKTOP_USER, null, List.of("restore.personal")))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "duplicate-role-name", "name"));

            assertThat(directory.claims()).isEmpty();
        }

        @Test
        void creating_a_role_named_like_another_custom_role_in_another_case_is_refused_as_conflict() {
            directory.withCustomRole(OTHER_ROLE_ID, OTHER_NAME, RoleScope.ORGANIZATION_AND_CHILDREN,
                    List.of("computer.read"));

            fixture.givenNoPriorActivity()
                    .when(create("READ-ONLY help desk", DESKTOP_USER, null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "duplicate-role-name", "name"));

            assertThat(directory.claimantOf(OTHER_NAME)).contains(OTHER_ROLE_ID);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t\n"})
        void creating_a_role_with_a_blank_name_is_refused_as_invalid_name(String name) {
            fixture.givenNoPriorActivity()
                    .when(create(name, DESKTOP_USER, null, List.of("restore.personal")))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));

            assertThat(directory.claims()).isEmpty();
        }

        @Test
        void creating_a_role_with_a_name_longer_than_100_characters_is_refused_as_invalid_name() {
            fixture.givenNoPriorActivity()
                    .when(create("r".repeat(CustomRole.MAX_NAME_LENGTH + 1), DESKTOP_USER, null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));
        }
    }

    @Nested
    class Update {

        @BeforeEach
        void claimCurrentName() {
            directory.withCustomRole(ROLE_ID, NAME, RoleScope.ASSIGNED_USER, BACKUP_USER_PERMISSIONS)
                    .withCustomRole(OTHER_ROLE_ID, OTHER_NAME, RoleScope.ORGANIZATION_AND_CHILDREN,
                            List.of("computer.read"));
        }

        @Test
        void an_update_cannot_add_an_environment_wide_permission_to_a_role_for_one_person() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, null, List.of("auditlog.read"), null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-environment-wide", "addPermissions"));
        }

        @Test
        void renaming_emits_CustomRoleUpdated_with_the_same_permissions_and_moves_the_claim() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, " Backup only ", null, null, null))
                    .expectEvents(new CustomRoleUpdated(ROLE_ID, "Backup only", BACKUP_USER_PERMISSIONS))
                    .expectResultMessagePayload(2L);

            assertThat(directory.claimantOf("backup only")).contains(ROLE_ID);
            assertThat(directory.claimantOf(NAME)).isEmpty();
            assertThat(directory.claimantOf(OTHER_NAME)).contains(OTHER_ROLE_ID);
        }

        @Test
        void renaming_with_the_current_expected_version_emits_CustomRoleUpdated() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, "Backup only", null, null, 0L))
                    .expectEvents(new CustomRoleUpdated(ROLE_ID, "Backup only", BACKUP_USER_PERMISSIONS))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void changing_only_the_case_of_the_name_emits_CustomRoleUpdated_and_keeps_the_claim() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, NAME.toUpperCase(), null, null, null))
                    .expectEvents(new CustomRoleUpdated(ROLE_ID, NAME.toUpperCase(), BACKUP_USER_PERMISSIONS))
                    .expectResultMessagePayload(2L);

            assertThat(directory.claimantOf(NAME)).contains(ROLE_ID);
        }

        @Test
        void adding_and_removing_permissions_emits_CustomRoleUpdated_with_the_new_list_and_the_same_name() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, null, List.of("computer.read", "restore.personal"),
                            List.of("plan.create"), null))
                    .expectEvents(new CustomRoleUpdated(ROLE_ID, NAME,
                            List.of("cpd.restore", "select.personal", "computer.read", "restore.personal")))
                    .expectResultMessagePayload(2L);

            assertThat(directory.claimantOf(NAME)).contains(ROLE_ID);
        }

        @Test
        void updating_starts_from_the_permissions_of_the_latest_update() {
            fixture.given(created(), new CustomRoleUpdated(ROLE_ID, NAME, List.of("cpd.restore", "computer.read")))
                    .when(new UpdateCustomRole(ROLE_ID, null, List.of("select.personal"), List.of("cpd.restore"), 1L))
                    .expectEvents(new CustomRoleUpdated(ROLE_ID, NAME, List.of("computer.read", "select.personal")))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void renaming_and_changing_permissions_emits_one_CustomRoleUpdated() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, "Backup only", null, List.of("plan.create"), null))
                    .expectEvents(new CustomRoleUpdated(ROLE_ID, "Backup only",
                            List.of("cpd.restore", "select.personal")))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void an_update_that_changes_nothing_emits_nothing_and_returns_the_current_version() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, " " + NAME + " ", List.of("cpd.restore"),
                            List.of("restore.personal"), null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void an_empty_update_emits_nothing() {
            fixture.given(created(), new CustomRoleUpdated(ROLE_ID, "Backup only", BACKUP_USER_PERMISSIONS))
                    .when(new UpdateCustomRole(ROLE_ID, null, null, null, 1L))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void updating_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, "Backup only", null, null, 1L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);

            assertThat(directory.claimantOf(NAME)).contains(ROLE_ID);
            assertThat(directory.claimantOf("Backup only")).isEmpty();
        }

        @Test
        void renaming_to_another_custom_roles_name_is_refused_as_conflict_duplicate_role_name() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, OTHER_NAME.toLowerCase(), null, null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "duplicate-role-name", "name"));

            assertThat(directory.claimantOf(NAME)).contains(ROLE_ID);
            assertThat(directory.claimantOf(OTHER_NAME)).contains(OTHER_ROLE_ID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Desktop User", "desktop user", "DESKTOP USER"})
        void renaming_to_a_built_in_role_name_is_refused_as_conflict_duplicate_role_name(String name) {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, name, null, null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "duplicate-role-name", "name"));

            assertThat(directory.claimantOf(NAME)).contains(ROLE_ID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void renaming_to_a_blank_name_is_refused_as_invalid_name(String name) {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, name, null, null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));
        }

        @Test
        void adding_an_unknown_permission_is_refused_as_unprocessable_permission_not_found() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, null, List.of(UNKNOWN_PERMISSION), null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-not-found", "addPermissions"));
        }

        @Test
        void removing_an_unknown_permission_is_refused_as_unprocessable_permission_not_found() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, null, null, List.of(UNKNOWN_PERMISSION), null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-not-found", "removePermissions"));
        }

        @Test
        void removing_every_permission_is_refused_as_unprocessable_empty_role() {
            fixture.given(created())
                    .when(new UpdateCustomRole(ROLE_ID, null, null, BACKUP_USER_PERMISSIONS, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "empty-role", "removePermissions"));
        }
    }

    @Nested
    class Delete {

        @BeforeEach
        void claimCurrentName() {
            directory.withCustomRole(ROLE_ID, NAME, RoleScope.ASSIGNED_USER, BACKUP_USER_PERMISSIONS);
        }

        @Test
        void deleting_a_role_nobody_holds_emits_CustomRoleDeleted_and_marks_it_deleted() {
            fixture.given(created())
                    .when(new DeleteCustomRole(ROLE_ID, null))
                    .expectEvents(new CustomRoleDeleted(ROLE_ID))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void deleting_with_the_current_expected_version_emits_CustomRoleDeleted() {
            fixture.given(created(), new CustomRoleUpdated(ROLE_ID, "Backup only", BACKUP_USER_PERMISSIONS))
                    .when(new DeleteCustomRole(ROLE_ID, 1L))
                    .expectEvents(new CustomRoleDeleted(ROLE_ID))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(3L);
        }

        @Test
        void deleting_a_role_with_holders_is_refused_as_conflict_role_in_use() {
            directory.withHolders(ROLE_ID, 2);

            fixture.given(created())
                    .when(new DeleteCustomRole(ROLE_ID, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "role-in-use", null));
        }

        @Test
        void deleting_a_role_whose_other_roles_have_holders_emits_CustomRoleDeleted() {
            directory.withHolders(OTHER_ROLE_ID, 5);

            fixture.given(created())
                    .when(new DeleteCustomRole(ROLE_ID, null))
                    .expectEvents(new CustomRoleDeleted(ROLE_ID))
                    .expectMarkedDeleted();
        }

        @Test
        void deleting_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created())
                    .when(new DeleteCustomRole(ROLE_ID, 2L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class SystemAdminStaysOutOfCustomRoles {

        @Test
        void the_admin_permission_cannot_be_added() {
            fixture.givenNoPriorActivity()
                    .when(new CreateCustomRole("custom-x", "Root-ish", "org-admin",
                            List.of("admin"), List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-not-grantable", "addPermissions"));
        }

        @Test
        void system_admin_cannot_be_duplicated() {
            fixture.givenNoPriorActivity()
                    .when(new CreateCustomRole("custom-y", "Sysadmin copy", "sysadmin",
                            List.of(), List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "permission-not-grantable", "basedOn"));
        }
    }
}
