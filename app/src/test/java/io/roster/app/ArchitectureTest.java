package io.roster.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries of the house style, checked on the compiled code. */
class ArchitectureTest {

    private static final JavaClasses ROSTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.roster");

    @Test
    void the_query_side_never_uses_the_command_side() {
        noClasses().that().resideInAPackage("io.roster.query..")
                .should().dependOnClassesThat().resideInAPackage("io.roster.command..")
                .check(ROSTER);
    }

    @Test
    void the_command_side_never_uses_the_query_side() {
        noClasses().that().resideInAPackage("io.roster.command..")
                .should().dependOnClassesThat().resideInAPackage("io.roster.query..")
                .check(ROSTER);
    }

    @Test
    void shared_events_import_nothing_of_ours_and_no_spring() {
        noClasses().that().resideInAnyPackage("io.roster.events..", "io.roster.roles..", "io.roster.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.roster.command..", "io.roster.query..",
                        "io.roster.app..", "org.springframework..")
                .check(ROSTER);
    }

    @Test
    void events_use_no_axon_beyond_revision() {
        noClasses().that().resideInAPackage("io.roster.events..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "Axon other than @Revision",
                        type -> type.getPackageName().startsWith("org.axonframework")
                                && !type.getName().equals("org.axonframework.serialization.Revision")))
                .check(ROSTER);
    }

    @Test
    void aggregates_do_not_read_clocks_or_make_random_ids() {
        noClasses().that().haveSimpleNameEndingWith("Organization").or().haveSimpleName("User")
                .and().resideInAPackage("io.roster.command..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(ROSTER);
    }
}
