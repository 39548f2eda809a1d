package io.roster.command.organization;

import io.roster.command.common.Refusal.Kind;
import io.roster.command.organization.OrganizationCommands.CreateOrganization;
import io.roster.command.organization.OrganizationCommands.DeactivateOrganization;
import io.roster.command.organization.OrganizationCommands.ReactivateOrganization;
import io.roster.command.organization.OrganizationCommands.UpdateOrganization;
import io.roster.command.organization.OrganizationDirectory.State;
import io.roster.command.testing.InMemoryOrganizationDirectory;
import io.roster.events.OrganizationIds;
import io.roster.events.organization.AllowedDomainsSet;
import io.roster.events.organization.OrganizationCreated;
import io.roster.events.organization.OrganizationDeactivated;
import io.roster.events.organization.OrganizationMoved;
import io.roster.events.organization.OrganizationReactivated;
import io.roster.events.organization.OrganizationRenamed;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.roster.command.testing.RefusalMatcher.refusal;
import static org.assertj.core.api.Assertions.assertThat;

class OrganizationTest {

    private static final String ROOT = OrganizationIds.ROOT;
    /** The organization under test, a child of ROOT unless a test says otherwise. */
    private static final String SALES = "org-sales";
    private static final String EMEA = "org-emea";
    private static final String EMEA_NORTH = "org-emea-north";
    private static final String CLOSED = "org-closed";
    private static final String NOWHERE = "org-does-not-exist";

    private FixtureConfiguration<Organization> fixture;
    private InMemoryOrganizationDirectory directory;

    @BeforeEach
    void setUp() {
        // ROOT ── SALES ── EMEA ── EMEA_NORTH
        //     └── CLOSED (deactivated)
        directory = new InMemoryOrganizationDirectory()
                .with(ROOT, State.ACTIVE)
                .with(SALES, State.ACTIVE, ROOT)
                .with(EMEA, State.ACTIVE, SALES)
                .with(EMEA_NORTH, State.ACTIVE, EMEA)
                .with(CLOSED, State.DEACTIVATED, ROOT);
        fixture = new AggregateTestFixture<>(Organization.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(new io.roster.command.testing.InMemorySeatGuard());
    }

    private static OrganizationCreated rootCreated() {
        return new OrganizationCreated(ROOT, "Acme", null, true);
    }

    private static OrganizationCreated salesCreated() {
        return new OrganizationCreated(SALES, "Sales", ROOT, false);
    }

    private static OrganizationCreated emeaCreated() {
        return new OrganizationCreated(EMEA, "EMEA", SALES, false);
    }

    @Nested
    class Create {

        @Test
        void creating_an_organization_without_parent_emits_OrganizationCreated_under_root() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization(SALES, "Sales", null, false))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new OrganizationCreated(SALES, "Sales", ROOT, false))
                    .expectResultMessagePayload(SALES);
        }

        @Test
        void creating_an_organization_under_an_explicit_active_parent_emits_OrganizationCreated_there() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization("org-new", "  New team ", SALES, false))
                    .expectEvents(new OrganizationCreated("org-new", "New team", SALES, false))
                    .expectResultMessagePayload("org-new");
        }

        @Test
        void creating_an_organization_under_an_unknown_parent_is_refused_as_unprocessable_organization_not_found() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization("org-new", "New team", NOWHERE, false))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "parentId"));
        }

        @Test
        void creating_an_organization_under_a_deactivated_parent_is_refused_as_conflict_organization_deactivated() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization("org-new", "New team", CLOSED, false))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated", "parentId"));
        }

        @Test
        void creating_an_organization_without_parent_before_root_exists_is_refused_as_unprocessable() {
            directory.without(ROOT);

            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization(SALES, "Sales", null, false))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "parentId"));
        }

        @Test
        void creating_an_organization_with_a_blank_name_is_refused_as_invalid() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization(SALES, " \t ", null, false))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));
        }

        @Test
        void creating_an_organization_with_a_name_longer_than_200_characters_is_refused_as_invalid() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization(SALES, "n".repeat(Organization.MAX_NAME_LENGTH + 1), null, false))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));
        }

        @Test
        void creating_an_organization_with_a_control_character_in_the_name_is_refused_as_invalid() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization(SALES, "Sales\nTeam", null, false))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));
        }

        @Test
        void creating_the_root_organization_emits_OrganizationCreated_without_parent() {
            directory.without(ROOT);

            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization(ROOT, "Acme", null, true))
                    .expectEvents(new OrganizationCreated(ROOT, "Acme", null, true))
                    .expectResultMessagePayload(ROOT);
        }

        @Test
        void creating_another_organization_as_root_is_refused_as_unprocessable_not_root() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganization(SALES, "Sales", null, true))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "not-root", "organizationId"));
        }
    }

    @Nested
    class Update {

        @Test
        void renaming_an_organization_emits_OrganizationRenamed_and_returns_version_2() {
            fixture.given(salesCreated())
                    .when(new UpdateOrganization(SALES, " Sales & Marketing ", null, null))
                    .expectEvents(new OrganizationRenamed(SALES, "Sales & Marketing"))
                    .expectResultMessagePayload(2L);

            assertThat(directory.hierarchyLocks()).isZero();
        }

        @Test
        void renaming_the_root_organization_emits_OrganizationRenamed() {
            fixture.given(rootCreated())
                    .when(new UpdateOrganization(ROOT, "Acme Inc.", null, 0L))
                    .expectEvents(new OrganizationRenamed(ROOT, "Acme Inc."))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void renaming_an_organization_to_its_current_name_emits_no_events() {
            fixture.given(salesCreated(), new OrganizationRenamed(SALES, "Revenue"))
                    .when(new UpdateOrganization(SALES, " Revenue ", null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }

        @Test
        void updating_with_neither_name_nor_parent_emits_no_events() {
            fixture.given(salesCreated())
                    .when(new UpdateOrganization(SALES, null, null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void renaming_an_organization_to_a_blank_name_is_refused_as_invalid() {
            fixture.given(salesCreated())
                    .when(new UpdateOrganization(SALES, "", null, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.INVALID, "invalid-field", "name"));
        }

        @Test
        void moving_an_organization_emits_OrganizationMoved_with_from_and_to_under_the_hierarchy_lock() {
            fixture.given(emeaCreated())
                    .when(new UpdateOrganization(EMEA, null, ROOT, null))
                    .expectEvents(new OrganizationMoved(EMEA, SALES, ROOT))
                    .expectResultMessagePayload(2L);

            assertThat(directory.hierarchyLocks()).isEqualTo(1);
        }

        @Test
        void moving_an_organization_again_starts_from_the_parent_of_the_previous_move() {
            fixture.given(emeaCreated(), new OrganizationMoved(EMEA, SALES, ROOT))
                    .when(new UpdateOrganization(EMEA, null, SALES, 1L))
                    .expectEvents(new OrganizationMoved(EMEA, ROOT, SALES))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void renaming_and_moving_an_organization_emits_both_events_and_returns_version_3() {
            fixture.given(emeaCreated())
                    .when(new UpdateOrganization(EMEA, "Europe", ROOT, 0L))
                    .expectEvents(new OrganizationRenamed(EMEA, "Europe"), new OrganizationMoved(EMEA, SALES, ROOT))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void moving_an_organization_to_its_current_parent_emits_no_events() {
            fixture.given(emeaCreated())
                    .when(new UpdateOrganization(EMEA, null, SALES, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);

            assertThat(directory.hierarchyLocks()).isZero();
        }

        @Test
        void moving_the_root_organization_is_refused_as_conflict_root_organization() {
            fixture.given(rootCreated())
                    .when(new UpdateOrganization(ROOT, null, SALES, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "root-organization", "parentId"));
        }

        @Test
        void moving_an_organization_under_itself_is_refused_as_conflict_organization_cycle() {
            fixture.given(emeaCreated())
                    .when(new UpdateOrganization(EMEA, null, EMEA, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-cycle", "parentId"));
        }

        @Test
        void moving_an_organization_under_its_descendant_is_refused_as_conflict_organization_cycle() {
            fixture.given(salesCreated())
                    .when(new UpdateOrganization(SALES, null, EMEA_NORTH, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-cycle", "parentId"));
        }

        @Test
        void moving_an_organization_under_an_unknown_parent_is_refused_as_unprocessable_organization_not_found() {
            fixture.given(emeaCreated())
                    .when(new UpdateOrganization(EMEA, null, NOWHERE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "parentId"));
        }

        @Test
        void moving_an_active_organization_under_a_deactivated_one_is_refused_as_conflict_organization_deactivated() {
            fixture.given(emeaCreated())
                    .when(new UpdateOrganization(EMEA, null, CLOSED, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated", "parentId"));
        }

        @Test
        void moving_a_deactivated_organization_under_a_deactivated_one_emits_OrganizationMoved() {
            fixture.given(emeaCreated(), new OrganizationDeactivated(EMEA))
                    .when(new UpdateOrganization(EMEA, null, CLOSED, null))
                    .expectEvents(new OrganizationMoved(EMEA, SALES, CLOSED))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void renaming_together_with_a_refused_move_is_refused_without_events() {
            fixture.given(emeaCreated())
                    .when(new UpdateOrganization(EMEA, "Europe", NOWHERE, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.UNPROCESSABLE, "organization-not-found", "parentId"));
        }

        @Test
        void updating_with_a_stale_expected_version_is_refused_as_precondition_failed_stale_version() {
            fixture.given(salesCreated(), new OrganizationRenamed(SALES, "Revenue"))
                    .when(new UpdateOrganization(SALES, "Sales", null, 0L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }

        @Test
        void updating_with_the_current_expected_version_emits_OrganizationRenamed() {
            fixture.given(salesCreated(), new OrganizationRenamed(SALES, "Revenue"))
                    .when(new UpdateOrganization(SALES, "Sales", null, 1L))
                    .expectEvents(new OrganizationRenamed(SALES, "Sales"))
                    .expectResultMessagePayload(3L);
        }
    }

    @Nested
    class Deactivate {

        @Test
        void deactivating_an_empty_organization_emits_OrganizationDeactivated_and_returns_version_2() {
            fixture.given(new OrganizationCreated(EMEA_NORTH, "EMEA North", EMEA, false))
                    .when(new DeactivateOrganization(EMEA_NORTH, 0L))
                    .expectEvents(new OrganizationDeactivated(EMEA_NORTH))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void deactivating_an_organization_whose_children_are_all_deactivated_emits_OrganizationDeactivated() {
            directory.with(EMEA_NORTH, State.DEACTIVATED, EMEA);

            fixture.given(emeaCreated())
                    .when(new DeactivateOrganization(EMEA, null))
                    .expectEvents(new OrganizationDeactivated(EMEA));
        }

        @Test
        void deactivating_an_organization_with_active_users_is_refused_as_conflict_organization_not_empty() {
            directory.withActiveUsers(EMEA_NORTH, 3);

            fixture.given(new OrganizationCreated(EMEA_NORTH, "EMEA North", EMEA, false))
                    .when(new DeactivateOrganization(EMEA_NORTH, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-not-empty", null))
                    .expectExceptionMessage("organization " + EMEA_NORTH
                            + " still has 3 active user(s) and 0 active child organization(s)");
        }

        @Test
        void deactivating_an_organization_with_active_children_is_refused_as_conflict_organization_not_empty() {
            fixture.given(emeaCreated())
                    .when(new DeactivateOrganization(EMEA, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-not-empty", null))
                    .expectExceptionMessage("organization " + EMEA
                            + " still has 0 active user(s) and 1 active child organization(s)");
        }

        @Test
        void deactivating_the_root_organization_is_refused_as_conflict_root_organization() {
            fixture.given(rootCreated())
                    .when(new DeactivateOrganization(ROOT, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "root-organization", null));
        }

        @Test
        void deactivating_a_deactivated_organization_is_refused_as_conflict_invalid_transition() {
            fixture.given(new OrganizationCreated(EMEA_NORTH, "EMEA North", EMEA, false),
                            new OrganizationDeactivated(EMEA_NORTH))
                    .when(new DeactivateOrganization(EMEA_NORTH, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "invalid-transition", null));
        }

        @Test
        void deactivating_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(new OrganizationCreated(EMEA_NORTH, "EMEA North", EMEA, false))
                    .when(new DeactivateOrganization(EMEA_NORTH, 4L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class Reactivate {

        @Test
        void reactivating_an_organization_under_an_active_parent_emits_OrganizationReactivated() {
            fixture.given(salesCreated(), new OrganizationDeactivated(SALES))
                    .when(new ReactivateOrganization(SALES, 1L))
                    .expectEvents(new OrganizationReactivated(SALES))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void reactivating_an_organization_under_a_deactivated_parent_is_refused_as_conflict_organization_deactivated() {
            directory.with(SALES, State.DEACTIVATED, ROOT);

            fixture.given(emeaCreated(), new OrganizationDeactivated(EMEA))
                    .when(new ReactivateOrganization(EMEA, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated", null));
        }

        @Test
        void reactivating_an_organization_checks_the_parent_it_was_moved_under() {
            fixture.given(emeaCreated(), new OrganizationDeactivated(EMEA), new OrganizationMoved(EMEA, SALES, CLOSED))
                    .when(new ReactivateOrganization(EMEA, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "organization-deactivated", null));
        }

        @Test
        void reactivating_an_active_organization_is_refused_as_conflict_invalid_transition() {
            fixture.given(salesCreated())
                    .when(new ReactivateOrganization(SALES, null))
                    .expectNoEvents()
                    .expectException(refusal(Kind.CONFLICT, "invalid-transition", null));
        }

        @Test
        void reactivating_with_a_stale_expected_version_is_refused_as_precondition_failed() {
            fixture.given(salesCreated(), new OrganizationDeactivated(SALES))
                    .when(new ReactivateOrganization(SALES, 0L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class SupportAccessToggle {

        private final io.roster.events.organization.OrganizationCreated root =
                new io.roster.events.organization.OrganizationCreated(io.roster.events.OrganizationIds.ROOT, "Root", null, true);

        @Test
        void enabling_support_access_on_the_root_emits_SupportAccessToggled() {
            fixture.given(root)
                    .when(new OrganizationCommands.ToggleSupportAccess(io.roster.events.OrganizationIds.ROOT, true))
                    .expectEvents(new io.roster.events.organization.SupportAccessToggled(io.roster.events.OrganizationIds.ROOT, true))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void setting_the_current_value_again_emits_nothing() {
            fixture.given(root)
                    .when(new OrganizationCommands.ToggleSupportAccess(io.roster.events.OrganizationIds.ROOT, false))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void disabling_after_enabling_emits_the_change() {
            fixture.given(root, new io.roster.events.organization.SupportAccessToggled(io.roster.events.OrganizationIds.ROOT, true))
                    .when(new OrganizationCommands.ToggleSupportAccess(io.roster.events.OrganizationIds.ROOT, false))
                    .expectEvents(new io.roster.events.organization.SupportAccessToggled(io.roster.events.OrganizationIds.ROOT, false));
        }

        @Test
        void only_the_root_organization_holds_support_access() {
            fixture.given(new io.roster.events.organization.OrganizationCreated("org-x", "X", io.roster.events.OrganizationIds.ROOT, false))
                    .when(new OrganizationCommands.ToggleSupportAccess("org-x", true))
                    .expectException(refusal(Kind.UNPROCESSABLE, "not-root"))
                    .expectNoEvents();
        }
    }

    @Nested
    class AllowedDomainsOnTheRoot {

        @Test
        void domains_are_normalized_sorted_and_deduplicated() {
            fixture.given(rootCreated())
                    .when(new OrganizationCommands.SetAllowedDomains(ROOT, List.of(" Acme.COM", "@acme.de", "acme.com")))
                    .expectEvents(new AllowedDomainsSet(ROOT, List.of("acme.com", "acme.de")));
        }

        @Test
        void setting_the_same_domains_again_changes_nothing() {
            fixture.given(rootCreated(), new AllowedDomainsSet(ROOT, List.of("acme.com")))
                    .when(new OrganizationCommands.SetAllowedDomains(ROOT, List.of("ACME.com")))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void an_empty_list_allows_any_domain_again() {
            fixture.given(rootCreated(), new AllowedDomainsSet(ROOT, List.of("acme.com")))
                    .when(new OrganizationCommands.SetAllowedDomains(ROOT, List.of()))
                    .expectEvents(new AllowedDomainsSet(ROOT, List.of()));
        }

        @Test
        void something_that_is_not_a_domain_is_refused_with_its_position() {
            fixture.given(rootCreated())
                    .when(new OrganizationCommands.SetAllowedDomains(ROOT, List.of("acme.com", "not a domain")))
                    .expectException(refusal(Kind.INVALID, "invalid-field", "domains[1]"))
                    .expectNoEvents();
        }

        @Test
        void only_the_root_holds_allowed_domains() {
            fixture.given(salesCreated())
                    .when(new OrganizationCommands.SetAllowedDomains(SALES, List.of("acme.com")))
                    .expectException(refusal(Kind.UNPROCESSABLE, "not-root", "organizationId"))
                    .expectNoEvents();
        }
    }
}
