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
    void controllers_hold_no_sql() {
        // thin controllers: SQL lives in the repository or queries class of the controller's package
        noClasses().that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .or().areAnnotatedWith(org.springframework.stereotype.Controller.class)
                .should().dependOnClassesThat().belongToAnyOf(org.springframework.jdbc.core.simple.JdbcClient.class,
                        org.springframework.jdbc.core.JdbcTemplate.class,
                        org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate.class)
                .because("a controller calls a repository or service of its package, which owns the tables")
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
