package io.roster.command.apiclient;

import io.roster.command.apiclient.ApiClientCommands.AssignApiClientRole;
import io.roster.command.apiclient.ApiClientCommands.CreateApiClient;
import io.roster.command.apiclient.ApiClientCommands.DeleteApiClient;
import io.roster.command.apiclient.ApiClientCommands.RevokeApiClientRole;
import io.roster.command.apiclient.ApiClientCommands.RotateApiClientSecret;
import io.roster.command.common.Refusal.Kind;
import io.roster.command.organization.OrganizationDirectory.State;
import io.roster.command.testing.BuiltInRoleLookup;
import io.roster.command.testing.InMemoryAdminGuard;
import io.roster.command.testing.InMemoryClientCredentials;
import io.roster.command.testing.InMemoryOrganizationDirectory;
import io.roster.events.OrganizationIds;
import io.roster.events.apiclient.ApiClientCreated;
import io.roster.events.apiclient.ApiClientDeleted;
import io.roster.events.apiclient.ApiClientRoleAssigned;
import io.roster.events.apiclient.ApiClientRoleRevoked;
import io.roster.events.apiclient.ApiClientSecretRotated;
import io.roster.roles.RoleCatalogue;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.eventsourcing.AggregateDeletedException;
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

class ApiClientTest {

    private static final String ROOT = OrganizationIds.ROOT;
    private static final String SALES = "org-sales";
    private static final String CLOSED = "org-closed";
    private static final String NOWHERE = "org-does-not-exist";

    private static final String API_CLIENT_ID = "api-client-1";
    private static final String OTHER_API_CLIENT_ID = "api-client-2";
    private static final String CLIENT_ID = "reporting-tool";
    private static final String OTHER_CLIENT_ID = "billing-sync";
    private static final String NAME = "Reporting tool";
    private static final String HASH = "{bcrypt}hash-1";
    private static final String NEW_HASH = "{bcrypt}hash-2";
    private static final String OTHER_HASH = "{bcrypt}other-hash";

    private static final String CLOUD_ADMIN = RoleCatalogue.CUSTOMER_CLOUD_ADMIN;
    private static final String AUDIT_VIEWER = "audit-log-viewer";
    private static final String ORG_HELP_DESK = "org-help-desk";
    private static final String UNKNOWN_ROLE = "no-such-role";

    private FixtureConfiguration<ApiClient> fixture;
    private InMemoryClientCredentials credentials;
    private InMemoryOrganizationDirectory organizations;
    private InMemoryAdminGuard admins;

    @BeforeEach
    void setUp() {
        credentials = new InMemoryClientCredentials();
        organizations = new InMemoryOrganizationDirectory()
                .with(ROOT, State.ACTIVE)
                .with(SALES, State.ACTIVE, ROOT)
                .with(CLOSED, State.DEACTIVATED, ROOT);
        admins = new InMemoryAdminGuard().withActiveAdmin("bootstrap-client");
        fixture = new AggregateTestFixture<>(ApiClient.class);
        fixture.registerInjectableResource(credentials);
        fixture.registerInjectableResource(organizations);
        fixture.registerInjectableResource(BuiltInRoleLookup.builtIn());
        fixture.registerInjectableResource(admins);
    }

    private static ApiClientCreated created(String... roles) {
        return new ApiClientCreated(API_CLIENT_ID, CLIENT_ID, NAME, ROOT, List.of(roles));
    }

    private static CreateApiClient create(String clientId, String name, String organizationId, List<String> roles) {
        return new CreateApiClient(API_CLIENT_ID, clientId, name, organizationId, roles, HASH);
    }

    private static CreateApiClient createWithRoles(String... roles) {
        return create(CLIENT_ID, NAME, null, Arrays.asList(roles));
    }

    @Nested
    class Create {

        @Test
        void creating_a_client_without_organization_emits_ApiClientCreated_in_root_and_registers_its_hash() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles(AUDIT_VIEWER))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ApiClientCreated(API_CLIENT_ID, CLIENT_ID, NAME, ROOT, List.of(AUDIT_VIEWER)))
                    .expectResultMessagePayload(API_CLIENT_ID);

            assertThat(credentials.entryFor(CLIENT_ID))
                    .contains(new InMemoryClientCredentials.Entry(API_CLIENT_ID, HASH));
        }

        @Test
        void creating_a_client_in_an_explicit_active_organization_emits_ApiClientCreated_there() {
            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, NAME, SALES, List.of(AUDIT_VIEWER)))
                    .expectEvents(new ApiClientCreated(API_CLIENT_ID, CLIENT_ID, NAME, SALES, List.of(AUDIT_VIEWER)));
        }

        @Test
        void creating_a_client_without_roles_emits_ApiClientCreated_with_no_roles() {
            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, NAME, null, null))
                    .expectEvents(new ApiClientCreated(API_CLIENT_ID, CLIENT_ID, NAME, ROOT, List.of()));
        }

        @Test
        void creating_a_client_deduplicates_its_roles_keeping_their_first_order() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles(AUDIT_VIEWER, CLOUD_ADMIN, AUDIT_VIEWER, CLOUD_ADMIN))
                    .expectEvents(new ApiClientCreated(API_CLIENT_ID, CLIENT_ID, NAME, ROOT,
                            List.of(AUDIT_VIEWER, CLOUD_ADMIN)));
        }

        @Test
        void creating_a_client_trims_its_name() {
            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, "  Reporting tool \t", null, List.of()))
                    .expectEvents(new ApiClientCreated(API_CLIENT_ID, CLIENT_ID, NAME, ROOT, List.of()));
        }

        @Test
        void creating_a_client_with_an_unknown_role_is_refused_as_unprocessable_role_not_found() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles(AUDIT_VIEWER, UNKNOWN_ROLE))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "role-not-found", "roles"));

            assertThat(credentials.entries()).isEmpty();
        }

        @Test
        void creating_a_client_with_a_null_role_is_refused_as_unprocessable_role_not_found() {
            fixture.givenNoPriorActivity()
                    .when(createWithRoles(AUDIT_VIEWER, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "role-not-found", "roles"));

            assertThat(credentials.entries()).isEmpty();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"ab", "   ", "with space", "slash/no", "colon:no", "at@no", "ümlaut", "tab\tx",
                "new\nline", "01234567890123456789012345678901234567890123456789012345678901234"})
        void creating_a_client_with_an_invalid_client_id_is_refused_as_invalid_client_id(String clientId) {
            fixture.givenNoPriorActivity()
                    .when(create(clientId, NAME, null, List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "clientId"));

            assertThat(credentials.entries()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "A.b_c-9", "0123456789012345678901234567890123456789012345678901234567890123"})
        void creating_a_client_with_a_client_id_of_3_to_64_allowed_characters_emits_ApiClientCreated(String clientId) {
            fixture.givenNoPriorActivity()
                    .when(create(clientId, NAME, null, List.of()))
                    .expectEvents(new ApiClientCreated(API_CLIENT_ID, clientId, NAME, ROOT, List.of()));

            assertThat(credentials.hashOf(clientId)).contains(HASH);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t\n"})
        void creating_a_client_with_a_blank_name_is_refused_as_invalid_name(String name) {
            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, name, null, List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));

            assertThat(credentials.entries()).isEmpty();
        }

        @Test
        void creating_a_client_with_a_name_longer_than_100_characters_is_refused_as_invalid_name() {
            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, "n".repeat(ApiClient.MAX_NAME_LENGTH + 1), null, List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"))
                    .expectExceptionMessage("name must be at most 100 characters");
        }

        @Test
        void creating_a_client_in_an_unknown_organization_is_refused_as_unprocessable_organization_not_found() {
            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, NAME, NOWHERE, List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "organizationId"));

            assertThat(credentials.entries()).isEmpty();
        }

        @Test
        void creating_a_client_in_a_deactivated_organization_is_refused_as_a_conflict() {
            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, NAME, CLOSED, List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated", "organizationId"));

            assertThat(credentials.entries()).isEmpty();
        }

        @Test
        void creating_a_client_when_the_root_organization_does_not_exist_is_refused_as_unprocessable() {
            organizations.without(ROOT);

            fixture.givenNoPriorActivity()
                    .when(create(CLIENT_ID, NAME, null, List.of()))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "organizationId"));
        }

        @Test
        void creating_a_client_with_a_taken_client_id_is_refused_as_conflict_and_keeps_the_other_clients_hash() {
            credentials.with(CLIENT_ID, OTHER_API_CLIENT_ID, OTHER_HASH);

            fixture.givenNoPriorActivity()
                    .when(createWithRoles(AUDIT_VIEWER))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "duplicate-client-id", "clientId"));

            assertThat(credentials.entryFor(CLIENT_ID))
                    .contains(new InMemoryClientCredentials.Entry(OTHER_API_CLIENT_ID, OTHER_HASH));
        }
    }

    @Nested
    class AssignRole {

        @Test
        void assigning_a_new_role_emits_ApiClientRoleAssigned_and_returns_version_2() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new AssignApiClientRole(API_CLIENT_ID, ORG_HELP_DESK, null))
                    .expectEvents(new ApiClientRoleAssigned(API_CLIENT_ID, ORG_HELP_DESK))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void assigning_a_new_role_with_the_current_expected_version_emits_ApiClientRoleAssigned() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new AssignApiClientRole(API_CLIENT_ID, ORG_HELP_DESK, 0L))
                    .expectEvents(new ApiClientRoleAssigned(API_CLIENT_ID, ORG_HELP_DESK))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void assigning_a_role_already_held_emits_nothing_and_returns_the_current_version() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new AssignApiClientRole(API_CLIENT_ID, AUDIT_VIEWER, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void assigning_a_role_assigned_by_an_earlier_event_emits_nothing() {
            fixture.given(created(), new ApiClientRoleAssigned(API_CLIENT_ID, ORG_HELP_DESK))
                    .when(new AssignApiClientRole(API_CLIENT_ID, ORG_HELP_DESK, 1L))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void assigning_a_role_revoked_earlier_emits_ApiClientRoleAssigned_again() {
            fixture.given(created(AUDIT_VIEWER), new ApiClientRoleRevoked(API_CLIENT_ID, AUDIT_VIEWER))
                    .when(new AssignApiClientRole(API_CLIENT_ID, AUDIT_VIEWER, null))
                    .expectEvents(new ApiClientRoleAssigned(API_CLIENT_ID, AUDIT_VIEWER))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void assigning_an_unknown_role_is_refused_as_not_found_role_not_found() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new AssignApiClientRole(API_CLIENT_ID, UNKNOWN_ROLE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.NOT_FOUND, "role-not-found", null));
        }

        @Test
        void assigning_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new AssignApiClientRole(API_CLIENT_ID, ORG_HELP_DESK, 1L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }

        @Test
        void assigning_a_held_role_with_a_stale_expected_version_is_refused_too() {
            fixture.given(created(AUDIT_VIEWER), new ApiClientRoleAssigned(API_CLIENT_ID, ORG_HELP_DESK))
                    .when(new AssignApiClientRole(API_CLIENT_ID, ORG_HELP_DESK, 0L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class RevokeRole {

        @Test
        void revoking_a_held_role_emits_ApiClientRoleRevoked_and_returns_version_2() {
            fixture.given(created(AUDIT_VIEWER, ORG_HELP_DESK))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, AUDIT_VIEWER, null))
                    .expectEvents(new ApiClientRoleRevoked(API_CLIENT_ID, AUDIT_VIEWER))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void revoking_a_held_role_with_the_current_expected_version_emits_ApiClientRoleRevoked() {
            fixture.given(created(), new ApiClientRoleAssigned(API_CLIENT_ID, AUDIT_VIEWER))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, AUDIT_VIEWER, 1L))
                    .expectEvents(new ApiClientRoleRevoked(API_CLIENT_ID, AUDIT_VIEWER))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void revoking_a_role_not_held_emits_nothing_and_returns_the_current_version() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, ORG_HELP_DESK, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void revoking_a_role_already_revoked_emits_nothing() {
            fixture.given(created(AUDIT_VIEWER), new ApiClientRoleRevoked(API_CLIENT_ID, AUDIT_VIEWER))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, AUDIT_VIEWER, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void revoking_an_unknown_role_is_refused_as_not_found_role_not_found() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, UNKNOWN_ROLE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.NOT_FOUND, "role-not-found", null));
        }

        @Test
        void revoking_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, AUDIT_VIEWER, -1L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }

        @Test
        void revoking_customer_cloud_admin_from_the_last_active_admin_is_refused_as_conflict_last_admin() {
            admins.onlyActiveAdmin(API_CLIENT_ID);

            fixture.given(created(CLOUD_ADMIN))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, CLOUD_ADMIN, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "last-admin", null));
        }

        @Test
        void revoking_customer_cloud_admin_while_another_active_admin_remains_emits_ApiClientRoleRevoked() {
            admins.withActiveAdmin(API_CLIENT_ID);

            fixture.given(created(CLOUD_ADMIN))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, CLOUD_ADMIN, null))
                    .expectEvents(new ApiClientRoleRevoked(API_CLIENT_ID, CLOUD_ADMIN))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void revoking_another_role_from_the_last_active_admin_emits_ApiClientRoleRevoked() {
            admins.onlyActiveAdmin(API_CLIENT_ID);

            fixture.given(created(CLOUD_ADMIN, AUDIT_VIEWER))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, AUDIT_VIEWER, null))
                    .expectEvents(new ApiClientRoleRevoked(API_CLIENT_ID, AUDIT_VIEWER));
        }

        @Test
        void revoking_customer_cloud_admin_not_held_emits_nothing_without_asking_the_admin_guard() {
            admins.onlyActiveAdmin(API_CLIENT_ID);

            fixture.given(created(AUDIT_VIEWER))
                    .when(new RevokeApiClientRole(API_CLIENT_ID, CLOUD_ADMIN, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }
    }

    @Nested
    class RotateSecret {

        @Test
        void rotating_the_secret_emits_ApiClientSecretRotated_and_replaces_the_hash() {
            credentials.with(CLIENT_ID, API_CLIENT_ID, HASH).with(OTHER_CLIENT_ID, OTHER_API_CLIENT_ID, OTHER_HASH);

            fixture.given(created(AUDIT_VIEWER))
                    .when(new RotateApiClientSecret(API_CLIENT_ID, NEW_HASH))
                    .expectEvents(new ApiClientSecretRotated(API_CLIENT_ID))
                    .expectResultMessagePayload(2L);

            assertThat(credentials.entryFor(CLIENT_ID))
                    .contains(new InMemoryClientCredentials.Entry(API_CLIENT_ID, NEW_HASH));
            assertThat(credentials.hashOf(OTHER_CLIENT_ID)).contains(OTHER_HASH);
        }

        @Test
        void rotating_the_secret_twice_emits_ApiClientSecretRotated_again() {
            credentials.with(CLIENT_ID, API_CLIENT_ID, NEW_HASH);

            fixture.given(created(), new ApiClientSecretRotated(API_CLIENT_ID))
                    .when(new RotateApiClientSecret(API_CLIENT_ID, "{bcrypt}hash-3"))
                    .expectEvents(new ApiClientSecretRotated(API_CLIENT_ID))
                    .expectResultMessagePayload(3L);

            assertThat(credentials.hashOf(CLIENT_ID)).contains("{bcrypt}hash-3");
        }

        @Test
        void rotating_the_secret_of_a_deleted_client_is_refused() {
            fixture.given(created(), new ApiClientDeleted(API_CLIENT_ID))
                    .when(new RotateApiClientSecret(API_CLIENT_ID, NEW_HASH))
                    .expectNoEvents()
                    .expectException(AggregateDeletedException.class);
        }
    }

    @Nested
    class Delete {

        @BeforeEach
        void registerCredentials() {
            credentials.with(CLIENT_ID, API_CLIENT_ID, HASH).with(OTHER_CLIENT_ID, OTHER_API_CLIENT_ID, OTHER_HASH);
        }

        @Test
        void deleting_a_client_emits_ApiClientDeleted_marks_it_deleted_and_removes_its_credentials() {
            fixture.given(created(AUDIT_VIEWER))
                    .when(new DeleteApiClient(API_CLIENT_ID))
                    .expectEvents(new ApiClientDeleted(API_CLIENT_ID))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(2L);

            assertThat(credentials.entryFor(CLIENT_ID)).isEmpty();
            assertThat(credentials.clientIdOf(API_CLIENT_ID)).isEmpty();
            assertThat(credentials.hashOf(OTHER_CLIENT_ID)).contains(OTHER_HASH);
        }

        @Test
        void deleting_the_last_active_customer_cloud_admin_is_refused_as_conflict_and_keeps_its_credentials() {
            admins.onlyActiveAdmin(API_CLIENT_ID);

            fixture.given(created(CLOUD_ADMIN))
                    .when(new DeleteApiClient(API_CLIENT_ID))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "last-admin", null));

            assertThat(credentials.entryFor(CLIENT_ID))
                    .contains(new InMemoryClientCredentials.Entry(API_CLIENT_ID, HASH));
        }

        @Test
        void deleting_a_customer_cloud_admin_while_another_active_admin_remains_emits_ApiClientDeleted() {
            admins.withActiveAdmin(API_CLIENT_ID);

            fixture.given(created(), new ApiClientRoleAssigned(API_CLIENT_ID, CLOUD_ADMIN))
                    .when(new DeleteApiClient(API_CLIENT_ID))
                    .expectEvents(new ApiClientDeleted(API_CLIENT_ID))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(3L);

            assertThat(credentials.entryFor(CLIENT_ID)).isEmpty();
        }

        @Test
        void deleting_a_client_whose_customer_cloud_admin_role_was_revoked_does_not_ask_the_admin_guard() {
            admins.onlyActiveAdmin(API_CLIENT_ID);

            fixture.given(created(CLOUD_ADMIN), new ApiClientRoleRevoked(API_CLIENT_ID, CLOUD_ADMIN))
                    .when(new DeleteApiClient(API_CLIENT_ID))
                    .expectEvents(new ApiClientDeleted(API_CLIENT_ID))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(3L);
        }

        @Test
        void deleting_a_client_twice_is_refused() {
            fixture.given(created(), new ApiClientDeleted(API_CLIENT_ID))
                    .when(new DeleteApiClient(API_CLIENT_ID))
                    .expectNoEvents()
                    .expectException(AggregateDeletedException.class);
        }
    }
}
