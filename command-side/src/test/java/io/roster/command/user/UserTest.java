package io.roster.command.user;

import io.roster.command.common.Refusal.Kind;
import io.roster.command.organization.OrganizationDirectory.State;
import io.roster.command.testing.BuiltInRoleLookup;
import io.roster.command.testing.InMemoryAdminGuard;
import io.roster.command.testing.InMemorySeatGuard;
import io.roster.command.testing.InMemoryOrganizationDirectory;
import io.roster.command.testing.InMemoryUsernameRegistry;
import io.roster.command.user.UserCommands.AssignRole;
import io.roster.command.user.UserCommands.CreateUser;
import io.roster.command.user.UserCommands.DeactivateUser;
import io.roster.command.user.UserCommands.DeleteUser;
import io.roster.command.user.UserCommands.MoveUser;
import io.roster.command.user.UserCommands.ReactivateUser;
import io.roster.command.user.UserCommands.RevokeRole;
import io.roster.command.user.UserCommands.UpdateUser;
import io.roster.events.OrganizationIds;
import io.roster.events.UserType;
import io.roster.events.user.RoleAssigned;
import io.roster.events.user.RoleRevoked;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeactivated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.events.user.UserProfileUpdated;
import io.roster.events.user.UserReactivated;
import io.roster.events.user.UserUsernameChanged;
import io.roster.roles.RoleCatalogue;
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

class UserTest {

    private static final String ROOT = OrganizationIds.ROOT;
    private static final String SALES = "org-sales";
    private static final String CLOSED = "org-closed";
    private static final String NOWHERE = "org-does-not-exist";

    private static final String USER_ID = "user-1";
    private static final String OTHER_USER_ID = "user-2";
    private static final String USERNAME = "jane.doe@example.com";

    private static final String DESKTOP_USER = RoleCatalogue.DESKTOP_USER;
    private static final String CLOUD_ADMIN = "customer-cloud-admin";
    private static final String AUDIT_VIEWER = "audit-log-viewer";
    private static final String UNKNOWN_ROLE = "no-such-role";

    private FixtureConfiguration<User> fixture;
    private InMemoryUsernameRegistry usernames;
    private InMemoryOrganizationDirectory organizations;
    private InMemoryAdminGuard admins;
    private InMemorySeatGuard seats;

    @BeforeEach
    void setUp() {
        usernames = new InMemoryUsernameRegistry();
        organizations = new InMemoryOrganizationDirectory()
                .with(ROOT, State.ACTIVE)
                .with(SALES, State.ACTIVE, ROOT)
                .with(CLOSED, State.DEACTIVATED, ROOT);
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(usernames);
        fixture.registerInjectableResource(organizations);
        fixture.registerInjectableResource(BuiltInRoleLookup.builtIn());
        admins = new InMemoryAdminGuard().withActiveAdmin("bootstrap-client");
        fixture.registerInjectableResource(admins);
        seats = new InMemorySeatGuard();
        fixture.registerInjectableResource(seats);
    }

    @Nested
    class Seats {

        @Test
        void a_user_needing_a_seat_is_refused_when_none_is_left() {
            seats.withSeatsLeft(0);
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, USERNAME, "Sea", "Tless", null, null, null))
                    .expectException(refusal(Kind.UNPROCESSABLE, "no-seat-available"))
                    .expectNoEvents();
        }

        @Test
        void support_users_never_take_a_seat() {
            seats.withSeatsLeft(0);
            organizations.withSupportAccess(true);
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, USERNAME, "Sup", "Port", null, UserType.SUPPORT_USER, null))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void reactivating_needs_a_seat_again() {
            seats.withSeatsLeft(0);
            fixture.given(created(), new UserDeactivated(USER_ID, ROOT, UserType.USER, null))
                    .when(new ReactivateUser(USER_ID, null))
                    .expectException(refusal(Kind.UNPROCESSABLE, "no-seat-available"))
                    .expectNoEvents();
        }
    }

    @Nested
    class AllowedDomains {

        @Test
        void a_username_outside_the_allowed_domains_is_refused_and_nothing_is_claimed() {
            organizations.withAllowedDomains("acme.com", "acme.de");
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, USERNAME, "Jane", "Doe", null, null, null))
                    .expectException(refusal(Kind.UNPROCESSABLE, "domain-not-allowed", "username"))
                    .expectNoEvents();
            assertThat(usernames.holderOf(USERNAME)).isEmpty();
        }

        @Test
        void a_username_in_an_allowed_domain_is_accepted_whatever_its_case() {
            organizations.withAllowedDomains("example.com");
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, "Jane.Doe@EXAMPLE.com", "Jane", "Doe", null, null, null))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void a_subdomain_is_not_the_domain() {
            organizations.withAllowedDomains("example.com");
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, "jane@mail.example.com", "Jane", "Doe", null, null, null))
                    .expectException(refusal(Kind.UNPROCESSABLE, "domain-not-allowed", "username"));
        }

        @Test
        void renaming_into_another_domain_is_refused() {
            organizations.withAllowedDomains("example.com");
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, "jane@elsewhere.org", null, null, null))
                    .expectException(refusal(Kind.UNPROCESSABLE, "domain-not-allowed", "username"))
                    .expectNoEvents();
        }

        @Test
        void support_users_sign_in_with_the_vendors_domain() {
            organizations.withAllowedDomains("acme.com").withSupportAccess(true);
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, "tess@code42.com", "Tess", "Support", null, UserType.SUPPORT_USER, null))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class SupportAccess {

        @Test
        void creating_a_support_user_while_support_access_is_disabled_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, USERNAME, "Tess", "Support", null, UserType.SUPPORT_USER, null))
                    .expectException(refusal(Kind.CONFLICT, "support-access-disabled"))
                    .expectNoEvents();
            assertThat(usernames.holderOf(USERNAME)).isEmpty();
        }

        @Test
        void reactivating_a_support_user_while_support_access_is_disabled_is_refused() {
            fixture.given(created(ROOT, UserType.SUPPORT_USER), new UserDeactivated(USER_ID, ROOT, UserType.SUPPORT_USER, null))
                    .when(new ReactivateUser(USER_ID, null))
                    .expectException(refusal(Kind.CONFLICT, "support-access-disabled"))
                    .expectNoEvents();
        }

        @Test
        void a_regular_user_is_created_whatever_support_access_says() {
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, USERNAME, "Reg", "Ular", null, null, null))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class LastAdmin {

        @Test
        void the_last_active_customer_cloud_admin_cannot_be_deactivated() {
            admins.onlyActiveAdmin(USER_ID);
            fixture.given(created(), new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .when(new DeactivateUser(USER_ID, null, null))
                    .expectException(refusal(Kind.CONFLICT, "last-admin"))
                    .expectNoEvents();
        }

        @Test
        void the_last_active_customer_cloud_admin_cannot_lose_the_role() {
            admins.onlyActiveAdmin(USER_ID);
            fixture.given(created(), new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .when(new RevokeRole(USER_ID, CLOUD_ADMIN, null))
                    .expectException(refusal(Kind.CONFLICT, "last-admin"))
                    .expectNoEvents();
        }

        @Test
        void an_admin_may_go_while_another_active_admin_remains() {
            fixture.given(created(), new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .when(new RevokeRole(USER_ID, CLOUD_ADMIN, null))
                    .expectEvents(new RoleRevoked(USER_ID, CLOUD_ADMIN, ROOT));
        }
    }

    private static UserCreated created() {
        return created(ROOT, UserType.USER);
    }

    private static UserCreated created(String organizationId, UserType type) {
        return new UserCreated(USER_ID, USERNAME, "Jane", "Doe", organizationId, type, List.of(DESKTOP_USER));
    }

    private static UserDeactivated deactivated() {
        return new UserDeactivated(USER_ID, ROOT, UserType.USER, null);
    }

    private static CreateUser create(String username, String firstName, String lastName) {
        return new CreateUser(USER_ID, username, firstName, lastName, null, null, null);
    }

    private static CreateUser createIn(String organizationId) {
        return new CreateUser(USER_ID, USERNAME, "Jane", "Doe", organizationId, null, null);
    }

    private static CreateUser createWithRoles(String... roles) {
        return new CreateUser(USER_ID, USERNAME, "Jane", "Doe", null, null, Arrays.asList(roles));
    }

    @Nested
    class Create {

        @Test
        void creating_a_user_without_organization_type_or_roles_emits_UserCreated_in_root_as_desktop_user() {
            fixture.givenNoPriorActivity()
                    .when(create(USERNAME, "Jane", "Doe"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new UserCreated(USER_ID, USERNAME, "Jane", "Doe", ROOT, UserType.USER,
                            List.of(DESKTOP_USER)))
                    .expectResultMessagePayload(USER_ID);

            assertThat(usernames.holderOf(USERNAME)).contains(USER_ID);
        }

        @Test
        void creating_a_user_with_an_empty_role_list_defaults_to_desktop_user() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles())
                    .expectEvents(new UserCreated(USER_ID, USERNAME, "Jane", "Doe", ROOT, UserType.USER,
                            List.of(DESKTOP_USER)));
        }

        @Test
        void creating_a_support_user_in_an_explicit_active_organization_emits_UserCreated_there() {
            organizations.withSupportAccess(true);
            fixture.givenNoPriorActivity()
                    .when(new CreateUser(USER_ID, USERNAME, "Jane", "Doe", SALES, UserType.SUPPORT_USER,
                            List.of(CLOUD_ADMIN)))
                    .expectEvents(new UserCreated(USER_ID, USERNAME, "Jane", "Doe", SALES, UserType.SUPPORT_USER,
                            List.of(CLOUD_ADMIN)));
        }

        @Test
        void creating_a_user_deduplicates_explicit_roles_keeping_their_first_order() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles(AUDIT_VIEWER, CLOUD_ADMIN, AUDIT_VIEWER, CLOUD_ADMIN))
                    .expectEvents(new UserCreated(USER_ID, USERNAME, "Jane", "Doe", ROOT, UserType.USER,
                            List.of(AUDIT_VIEWER, CLOUD_ADMIN)));
        }

        @Test
        void creating_a_user_with_an_unknown_role_is_refused_as_unprocessable_role_not_found() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles(DESKTOP_USER, UNKNOWN_ROLE))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "role-not-found", "roles"));

            assertThat(usernames.claims()).isEmpty();
        }

        @Test
        void creating_a_user_with_a_null_role_is_refused_as_unprocessable_role_not_found() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles(DESKTOP_USER, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "role-not-found", "roles"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "not-an-email", "jane@", "@example.com", "jane@example", "jane doe@example.com",
                "jane@@example.com", "jane@example.c0m", "jane@-example.com", "jane..doe@example.com"})
        void creating_a_user_with_an_invalid_email_is_refused_as_invalid_username(String username) {
            fixture.givenNoPriorActivity()
                    .when(create(username, "Jane", "Doe"))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-username", "username"));

            assertThat(usernames.claims()).isEmpty();
        }

        @Test
        void creating_a_user_with_a_blank_first_name_is_refused_as_invalid() {
            fixture.givenNoPriorActivity()
                    .when(create(USERNAME, "  ", "Doe"))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "firstName"));
        }

        @Test
        void creating_a_user_without_a_last_name_is_refused_as_invalid() {
            fixture.givenNoPriorActivity()
                    .when(create(USERNAME, "Jane", null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "lastName"));
        }

        @Test
        void creating_a_user_with_a_first_name_longer_than_100_characters_is_refused_as_invalid() {
            fixture.givenNoPriorActivity()
                    .when(create(USERNAME, "J".repeat(User.MAX_NAME_LENGTH + 1), "Doe"))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "firstName"))
                    .expectExceptionMessage("firstName must be at most 100 characters");
        }

        @Test
        void creating_a_user_with_names_of_exactly_100_characters_emits_UserCreated() {
            String longName = "J".repeat(User.MAX_NAME_LENGTH);
            fixture.givenNoPriorActivity()
                    .when(create(USERNAME, longName, longName))
                    .expectEvents(new UserCreated(USER_ID, USERNAME, longName, longName, ROOT, UserType.USER,
                            List.of(DESKTOP_USER)));
        }

        @Test
        void creating_a_user_with_a_control_character_in_a_name_is_refused_as_invalid() {
            fixture.givenNoPriorActivity()
                    .when(create(USERNAME, "Jane", "Do\u0000e"))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "lastName"))
                    .expectExceptionMessage("lastName must not contain control characters");
        }

        @Test
        void creating_a_user_in_an_unknown_organization_is_refused_as_unprocessable_organization_not_found() {
            fixture.givenNoPriorActivity()
                    .when(createIn(NOWHERE))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "organizationId"));

            assertThat(usernames.claims()).isEmpty();
        }

        @Test
        void creating_a_user_in_a_deactivated_organization_is_refused_as_conflict_organization_deactivated() {
            fixture.givenNoPriorActivity()
                    .when(createIn(CLOSED))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated", "organizationId"));

            assertThat(usernames.claims()).isEmpty();
        }

        @Test
        void creating_a_user_with_a_username_taken_in_another_case_is_refused_as_conflict_duplicate_username() {
            usernames.withClaim(USERNAME, OTHER_USER_ID);

            fixture.givenNoPriorActivity()
                    .when(create("Jane.DOE@Example.com", "Jane", "Doe"))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "duplicate-username", "username"));

            assertThat(usernames.holderOf(USERNAME)).contains(OTHER_USER_ID);
        }

        @Test
        void creating_a_user_trims_username_and_names_and_keeps_the_username_case() {
            fixture.givenNoPriorActivity()
                    .when(create("  Jane.Doe@Example.com \t", " Jane ", " Doe "))
                    .expectEvents(new UserCreated(USER_ID, "Jane.Doe@Example.com", "Jane", "Doe", ROOT,
                            UserType.USER, List.of(DESKTOP_USER)));

            assertThat(usernames.holderOf(USERNAME)).contains(USER_ID);
        }
    }

    @Nested
    class Update {

        @BeforeEach
        void claimCurrentUsername() {
            usernames.withClaim(USERNAME, USER_ID);
        }

        @Test
        void updating_only_the_names_emits_UserProfileUpdated_and_returns_version_2() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, null, "Janet", "Smith", null))
                    .expectEvents(new UserProfileUpdated(USER_ID, "Janet", "Smith"))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void updating_only_the_first_name_keeps_the_last_name() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, null, " Janet ", null, null))
                    .expectEvents(new UserProfileUpdated(USER_ID, "Janet", "Doe"))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void updating_the_names_after_an_earlier_update_compares_with_the_latest_names() {
            fixture.given(created(), new UserProfileUpdated(USER_ID, "Janet", "Smith"))
                    .when(new UpdateUser(USER_ID, null, "Janet", "Smith", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void changing_the_username_emits_UserUsernameChanged_and_moves_the_claim() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, " janet.smith@example.com ", null, null, null))
                    .expectEvents(new UserUsernameChanged(USER_ID, "janet.smith@example.com"))
                    .expectResultMessagePayload(2L);

            assertThat(usernames.holderOf("janet.smith@example.com")).contains(USER_ID);
            assertThat(usernames.holderOf(USERNAME)).isEmpty();
        }

        @Test
        void changing_username_and_names_emits_both_events_and_returns_version_3() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, "janet.smith@example.com", "Janet", "Smith", null))
                    .expectEvents(new UserUsernameChanged(USER_ID, "janet.smith@example.com"),
                            new UserProfileUpdated(USER_ID, "Janet", "Smith"))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void changing_only_the_case_of_the_username_emits_UserUsernameChanged_and_keeps_the_claim() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, "Jane.Doe@Example.com", null, null, null))
                    .expectEvents(new UserUsernameChanged(USER_ID, "Jane.Doe@Example.com"))
                    .expectResultMessagePayload(2L);

            assertThat(usernames.holderOf(USERNAME)).contains(USER_ID);
            assertThat(usernames.claims()).hasSize(1);
        }

        @Test
        void updating_with_the_current_values_emits_no_events_and_returns_version_1() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, " " + USERNAME + " ", "Jane", " Doe", null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);

            assertThat(usernames.holderOf(USERNAME)).contains(USER_ID);
        }

        @Test
        void updating_with_only_null_fields_emits_no_events() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, null, null, null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void changing_the_username_to_one_held_by_another_user_is_refused_as_conflict_duplicate_username() {
            usernames.withClaim("john@example.com", OTHER_USER_ID);

            fixture.given(created())
                    .when(new UpdateUser(USER_ID, "JOHN@example.com", null, null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "duplicate-username", "username"));

            assertThat(usernames.holderOf("john@example.com")).contains(OTHER_USER_ID);
            assertThat(usernames.holderOf(USERNAME)).contains(USER_ID);
        }

        @Test
        void changing_the_username_to_an_invalid_email_is_refused_as_invalid_username() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, "jane.doe", null, null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-username", "username"));
        }

        @Test
        void updating_with_a_blank_last_name_is_refused_as_invalid() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, null, null, " ", null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "lastName"));
        }

        @Test
        void changing_the_username_together_with_an_invalid_name_is_refused_without_events() {
            fixture.given(created())
                    .when(new UpdateUser(USER_ID, "janet.smith@example.com", "J".repeat(101), null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "firstName"));
        }

        @Test
        void updating_with_a_stale_expected_version_is_refused_as_precondition_failed_stale_version() {
            fixture.given(created(), new UserProfileUpdated(USER_ID, "Janet", "Doe"))
                    .when(new UpdateUser(USER_ID, null, "Jane", null, 0L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }

        @Test
        void updating_with_the_current_expected_version_emits_UserProfileUpdated() {
            fixture.given(created(), new UserProfileUpdated(USER_ID, "Janet", "Doe"))
                    .when(new UpdateUser(USER_ID, null, "Jane", null, 1L))
                    .expectEvents(new UserProfileUpdated(USER_ID, "Jane", "Doe"))
                    .expectResultMessagePayload(3L);
        }
    }

    @Nested
    class AssignRoles {

        @Test
        void assigning_a_new_role_emits_RoleAssigned_and_returns_version_2() {
            fixture.given(created())
                    .when(new AssignRole(USER_ID, CLOUD_ADMIN, null))
                    .expectEvents(new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void assigning_a_role_names_the_organization_the_user_currently_sits_in() {
            fixture.given(created(), new UserMovedToOrganization(USER_ID, ROOT, SALES))
                    .when(new AssignRole(USER_ID, AUDIT_VIEWER, null))
                    .expectEvents(new RoleAssigned(USER_ID, AUDIT_VIEWER, SALES))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void assigning_a_role_the_user_already_holds_emits_no_events() {
            fixture.given(created())
                    .when(new AssignRole(USER_ID, DESKTOP_USER, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void assigning_a_role_assigned_earlier_emits_no_events() {
            fixture.given(created(), new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .when(new AssignRole(USER_ID, CLOUD_ADMIN, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void assigning_a_role_revoked_earlier_emits_RoleAssigned_again() {
            fixture.given(created(), new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT),
                            new RoleRevoked(USER_ID, CLOUD_ADMIN, ROOT))
                    .when(new AssignRole(USER_ID, CLOUD_ADMIN, null))
                    .expectEvents(new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void assigning_an_unknown_role_is_refused_as_not_found_role_not_found() {
            fixture.given(created())
                    .when(new AssignRole(USER_ID, UNKNOWN_ROLE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.NOT_FOUND, "role-not-found", null));
        }

        @Test
        void assigning_a_role_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created())
                    .when(new AssignRole(USER_ID, CLOUD_ADMIN, -1L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }

        @Test
        void assigning_a_role_with_the_current_expected_version_emits_RoleAssigned() {
            fixture.given(created())
                    .when(new AssignRole(USER_ID, CLOUD_ADMIN, 0L))
                    .expectEvents(new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .expectResultMessagePayload(2L);
        }
    }

    @Nested
    class RevokeRoles {

        @Test
        void revoking_a_held_role_emits_RoleRevoked_and_returns_version_2() {
            fixture.given(created())
                    .when(new RevokeRole(USER_ID, DESKTOP_USER, null))
                    .expectEvents(new RoleRevoked(USER_ID, DESKTOP_USER, ROOT))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void revoking_a_role_assigned_earlier_emits_RoleRevoked() {
            fixture.given(created(), new RoleAssigned(USER_ID, CLOUD_ADMIN, ROOT))
                    .when(new RevokeRole(USER_ID, CLOUD_ADMIN, null))
                    .expectEvents(new RoleRevoked(USER_ID, CLOUD_ADMIN, ROOT))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void revoking_an_existing_role_the_user_does_not_hold_emits_no_events() {
            fixture.given(created())
                    .when(new RevokeRole(USER_ID, CLOUD_ADMIN, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void revoking_a_role_revoked_earlier_emits_no_events() {
            fixture.given(created(), new RoleRevoked(USER_ID, DESKTOP_USER, ROOT))
                    .when(new RevokeRole(USER_ID, DESKTOP_USER, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void revoking_an_unknown_role_the_user_does_not_hold_is_refused_as_not_found_role_not_found() {
            fixture.given(created())
                    .when(new RevokeRole(USER_ID, UNKNOWN_ROLE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.NOT_FOUND, "role-not-found", null));
        }

        @Test
        void revoking_a_role_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created())
                    .when(new RevokeRole(USER_ID, DESKTOP_USER, 1L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class Move {

        @Test
        void moving_a_user_to_an_active_organization_emits_UserMovedToOrganization_with_from_and_to() {
            fixture.given(created())
                    .when(new MoveUser(USER_ID, SALES, null))
                    .expectEvents(new UserMovedToOrganization(USER_ID, ROOT, SALES))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void moving_a_user_again_starts_from_the_organization_of_the_previous_move() {
            fixture.given(created(), new UserMovedToOrganization(USER_ID, ROOT, SALES))
                    .when(new MoveUser(USER_ID, ROOT, 1L))
                    .expectEvents(new UserMovedToOrganization(USER_ID, SALES, ROOT))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void moving_a_user_to_the_organization_it_sits_in_emits_no_events() {
            fixture.given(created(SALES, UserType.USER))
                    .when(new MoveUser(USER_ID, SALES, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void moving_a_user_to_an_unknown_organization_is_refused_as_unprocessable_organization_not_found() {
            fixture.given(created())
                    .when(new MoveUser(USER_ID, NOWHERE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "organizationId"));
        }

        @Test
        void moving_an_active_user_to_a_deactivated_organization_is_refused_as_conflict_organization_deactivated() {
            fixture.given(created())
                    .when(new MoveUser(USER_ID, CLOSED, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated", "organizationId"));
        }

        @Test
        void moving_a_deactivated_user_to_a_deactivated_organization_emits_UserMovedToOrganization() {
            fixture.given(created(), deactivated())
                    .when(new MoveUser(USER_ID, CLOSED, null))
                    .expectEvents(new UserMovedToOrganization(USER_ID, ROOT, CLOSED))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void moving_a_deactivated_user_to_an_unknown_organization_is_refused_as_unprocessable() {
            fixture.given(created(), deactivated())
                    .when(new MoveUser(USER_ID, NOWHERE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "organizationId"));
        }

        @Test
        void moving_a_user_to_a_blank_organization_is_refused_as_invalid() {
            fixture.given(created())
                    .when(new MoveUser(USER_ID, " ", null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "organizationId"));
        }

        @Test
        void moving_a_user_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created())
                    .when(new MoveUser(USER_ID, SALES, 2L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class Deactivate {

        @Test
        void deactivating_an_active_user_emits_UserDeactivated_with_the_trimmed_reason() {
            fixture.given(created(SALES, UserType.SUPPORT_USER))
                    .when(new DeactivateUser(USER_ID, "  left the company ", null))
                    .expectEvents(new UserDeactivated(USER_ID, SALES, UserType.SUPPORT_USER, "left the company"))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void deactivating_an_active_user_without_a_reason_emits_UserDeactivated_without_reason() {
            fixture.given(created())
                    .when(new DeactivateUser(USER_ID, "   ", 0L))
                    .expectEvents(new UserDeactivated(USER_ID, ROOT, UserType.USER, null))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void deactivating_a_reactivated_user_emits_UserDeactivated_again() {
            fixture.given(created(), deactivated(), new UserReactivated(USER_ID, ROOT, UserType.USER))
                    .when(new DeactivateUser(USER_ID, null, null))
                    .expectEvents(new UserDeactivated(USER_ID, ROOT, UserType.USER, null))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void deactivating_a_deactivated_user_is_refused_as_conflict_invalid_transition() {
            fixture.given(created(), deactivated())
                    .when(new DeactivateUser(USER_ID, "again", null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "invalid-transition", null));
        }

        @Test
        void deactivating_with_a_reason_longer_than_500_characters_is_refused_as_invalid() {
            fixture.given(created())
                    .when(new DeactivateUser(USER_ID, "x".repeat(User.MAX_REASON_LENGTH + 1), null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "reason"));
        }

        @Test
        void deactivating_with_a_reason_of_exactly_500_characters_emits_UserDeactivated() {
            String reason = "x".repeat(User.MAX_REASON_LENGTH);
            fixture.given(created())
                    .when(new DeactivateUser(USER_ID, reason, null))
                    .expectEvents(new UserDeactivated(USER_ID, ROOT, UserType.USER, reason));
        }

        @Test
        void deactivating_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created())
                    .when(new DeactivateUser(USER_ID, null, 1L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class Reactivate {

        @Test
        void reactivating_a_deactivated_user_emits_UserReactivated_and_returns_version_3() {
            fixture.given(created(), deactivated())
                    .when(new ReactivateUser(USER_ID, 1L))
                    .expectEvents(new UserReactivated(USER_ID, ROOT, UserType.USER))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void reactivating_an_active_user_is_refused_as_conflict_invalid_transition() {
            fixture.given(created())
                    .when(new ReactivateUser(USER_ID, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "invalid-transition", null));
        }

        @Test
        void reactivating_a_user_in_a_deactivated_organization_is_refused_as_conflict_organization_deactivated() {
            fixture.given(created(), deactivated(), new UserMovedToOrganization(USER_ID, ROOT, CLOSED))
                    .when(new ReactivateUser(USER_ID, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated"));
        }

        @Test
        void reactivating_a_user_whose_organization_was_deactivated_meanwhile_is_refused_as_conflict() {
            organizations.with(SALES, State.DEACTIVATED, ROOT);

            fixture.given(created(SALES, UserType.USER), new UserDeactivated(USER_ID, SALES, UserType.USER, null))
                    .when(new ReactivateUser(USER_ID, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated"));
        }

        @Test
        void reactivating_a_user_moved_into_an_active_organization_emits_UserReactivated_there() {
            fixture.given(created(), deactivated(), new UserMovedToOrganization(USER_ID, ROOT, SALES))
                    .when(new ReactivateUser(USER_ID, null))
                    .expectEvents(new UserReactivated(USER_ID, SALES, UserType.USER))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void reactivating_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created(), deactivated())
                    .when(new ReactivateUser(USER_ID, 0L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class Delete {

        @BeforeEach
        void claimCurrentUsername() {
            usernames.withClaim(USERNAME, USER_ID).withClaim("john@example.com", OTHER_USER_ID);
        }

        @Test
        void deleting_a_deactivated_user_emits_UserDeleted_marks_it_deleted_and_releases_the_claim() {
            fixture.given(created(SALES, UserType.SUPPORT_USER),
                            new UserDeactivated(USER_ID, SALES, UserType.SUPPORT_USER, null))
                    .when(new DeleteUser(USER_ID, 1L))
                    .expectEvents(new UserDeleted(USER_ID, SALES, UserType.SUPPORT_USER))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(3L);

            assertThat(usernames.holderOf(USERNAME)).isEmpty();
            assertThat(usernames.holderOf("john@example.com")).contains(OTHER_USER_ID);
        }

        @Test
        void deleting_an_active_user_is_refused_as_conflict_invalid_transition_and_keeps_the_claim() {
            fixture.given(created())
                    .when(new DeleteUser(USER_ID, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "invalid-transition", null));

            assertThat(usernames.holderOf(USERNAME)).contains(USER_ID);
        }

        @Test
        void deleting_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created(), deactivated())
                    .when(new DeleteUser(USER_ID, 0L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);

            assertThat(usernames.holderOf(USERNAME)).contains(USER_ID);
        }
    }
}
