package io.roster.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each table has one owning package; only classes of that package name it in SQL, everyone else asks the owner.
 * ArchUnit sees types, not SQL, so this reads the string literals of the main sources (text blocks included) and
 * finds table names after FROM, JOIN, INTO, UPDATE, TABLE and TRUNCATE.
 */
class TableOwnershipTest {

    private static final String REPLAY = "rebuilds every rebuildable read model by design: reads the events it replays";
    private static final String NOT_YET_MOVED = "SCIM filters (app.scim) compile to SQL over the user list; not yet "
            + "behind a filter API of the user list's own";
    private static final String SECURITY = "the per-request principal read and sign-in recording, left in place while "
            + "app.security's principal caching is reworked; then behind the owner's API";

    /** Table -> owner. Exceptions name a class outside the owner and say why it may name the table. */
    private static final Map<String, Owner> OWNERS = new TreeMap<>();
    private static final String AXON = "org.axonframework (its event store)";

    static {
        // command side: lookups kept in the command's transaction
        own("username_claim", "io.roster.command.user");
        own("user_credential", "io.roster.command.user");
        own("activation_token", "io.roster.command.user");
        own("org_registry", "io.roster.command.organization");
        own("security_principal", "io.roster.command.access");
        own("custom_role", "io.roster.command.role");
        own("role_name_claim", "io.roster.command.role");
        own("client_credential", "io.roster.command.apiclient");
        own("webhook_subscription", "io.roster.command.webhook");
        own("deletion_timer", "io.roster.command.retention");
        own("retention_org", "io.roster.command.retention");
        own("retention_user", "io.roster.command.retention");
        // query side: read models
        own("user_list", "io.roster.query.userlist");
        own("organization_list", "io.roster.query.organization");
        own("api_client_list", "io.roster.query.apiclient");
        own("custom_role_list", "io.roster.query.roles");
        own("audit_log", "io.roster.query.audit");
        own("audit_user_organization", "io.roster.query.audit");
        own("seat_holder", "io.roster.query.seats");
        own("seat_change", "io.roster.query.seats");
        own("seat_org_limit", "io.roster.query.seats");
        own("seat_license_view", "io.roster.query.seats");
        own("user_activity", "io.roster.query.seats");
        own("support_access_view", "io.roster.query.support");
        // the application: outboxes, workers, security, keys
        own("mail_outbox", "io.roster.app.mail");
        own("webhook_delivery", "io.roster.app.webhook");
        own("webhook_attempt", "io.roster.app.webhook");
        own("webhook_secret", "io.roster.app.webhook");
        own("import_job", "io.roster.app.imports");
        own("import_row", "io.roster.app.imports");
        own("subject_key", "io.roster.app.crypto");
        own("subject_shredded", "io.roster.app.crypto");
        own("replay_job", "io.roster.app.admin");
        own("signing_key", "io.roster.app.security");
        own("sign_in", "io.roster.app.security");
        own("revoked_access_token", "io.roster.app.security");
        own("oauth2_authorization", "io.roster.app.security");
        own("spring_session", "io.roster.app.security");
        own("spring_session_attributes", "io.roster.app.security");
        // Axon's event store: Axon writes it; Roster code only reads positions and payloads
        own("domainevententry", AXON);
        own("snapshotevententry", AXON);

        // by design
        except("domainevententry", "io.roster.app.admin.ReplayService", REPLAY);
        except("domainevententry", "io.roster.app.admin.ProcessorStatus", "the head position, for replay progress");
        except("domainevententry", "io.roster.app.webhook.WebhookOutbox",
                "the position of the event appended earlier in the same transaction");
        except("domainevententry", "io.roster.command.apiclient.BootstrapApiClient",
                "whether the bootstrap client's aggregate exists yet, at first start");
        except("domainevententry", "io.roster.app.crypto.PersonalDataEraser",
                "erasure strips a clear-text field from the person's stored events");
        except("snapshotevententry", "io.roster.app.crypto.PersonalDataEraser", "erasure deletes the person's snapshots");
        except("deletion_timer", "io.roster.query.support.DeletionDueDates",
                "the support users' list shows when each is deleted; the query side cannot call the command side");
        for (String table : List.of("user_list", "organization_list", "api_client_list")) {
            except(table, "io.roster.query.audit.AuditLogRepository",
                    "the audit page names actors and targets as they are now inside its one keyset-paged query");
        }
        except("user_activity", "io.roster.query.userlist.UserListRepository",
                "the user list filters by last activity inside its keyset-paged query");
        except("user_activity", "io.roster.command.seats.ReportedActivity",
                "reported activity is written beside the command side's containment check; the command side cannot "
                        + "call the query side");
        except("webhook_subscription", "io.roster.app.webhook.WebhookDispatcher",
                "the claim joins enabled subscriptions inside its one SKIP LOCKED statement");

        // app.security
        for (String[] use : new String[][]{{"custom_role", "Principals"}, {"org_registry", "Principals"},
                {"security_principal", "Principals"},
                {"security_principal", "PeopleDirectory"}, {"user_credential", "PeopleDirectory"},
                {"username_claim", "PeopleDirectory"}, {"client_credential", "ApiClientRegistry"},
                {"security_principal", "ApiClientRegistry"}, {"activation_token", "ExpiredGrantsCleaner"},
                {"audit_log", "SignInRecorder"}, {"security_principal", "SignInRecorder"},
                {"user_activity", "SignInRecorder"}}) {
            except(use[0], "io.roster.app.security." + use[1], SECURITY);
        }
        except("user_list", "io.roster.app.scim.ScimUserStore", NOT_YET_MOVED);
    }

    private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern TABLE_REFERENCE = Pattern.compile(
            "\\b(?:FROM|JOIN|INTO|UPDATE|TRUNCATE|TABLE(?:\\s+IF\\s+(?:NOT\\s+)?EXISTS)?)\\s+([a-z_][a-z_0-9]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATED_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z_0-9]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RENAMED_TABLE = Pattern.compile(
            "ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?[a-z_][a-z_0-9]*\\s+RENAME\\s+TO\\s+([a-z_][a-z_0-9]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DROPPED_TABLE = Pattern.compile(
            "DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([a-z_][a-z_0-9]*)", Pattern.CASE_INSENSITIVE);

    /** The test runs in the app module; its siblings hold the other modules' sources. */
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("../command-side/src/main/java"),
            Path.of("../query-side/src/main/java"), Path.of("../shared-events/src/main/java"));

    @Test
    void only_the_owning_package_names_a_table_in_sql() {
        List<String> violations = new ArrayList<>();
        for (SourceClass source : sources()) {
            for (String table : source.tables()) {
                Owner owner = OWNERS.get(table);
                if (owner == null || owner.permits(source.name())) {
                    continue;
                }
                violations.add(source.name() + " names table " + table + ", owned by " + owner.pkg()
                        + ": ask that package (or add an exception with its reason)");
            }
        }
        assertThat(violations).as("tables named outside their owning package").isEmpty();
    }

    @Test
    void every_table_a_migration_creates_has_an_owner() {
        Set<String> tables = new TreeSet<>();
        // in the order Flyway applies them, so a table a later migration drops is gone
        List<Path> migrations = files(Path.of("src/main/resources/db"), ".sql").stream()
                .sorted(Comparator.comparing(TableOwnershipTest::version)).toList();
        for (Path file : migrations) {
            String sql = read(file);
            tables.addAll(matches(CREATED_TABLE, sql));
            tables.addAll(matches(RENAMED_TABLE, sql));
            tables.removeAll(matches(DROPPED_TABLE, sql));
        }
        assertThat(tables).as("tables the migrations create").isNotEmpty();
        assertThat(OWNERS.keySet()).as("tables with an owner").containsAll(tables);
    }

    @Test
    void every_exception_is_still_needed() {
        // an exception whose class no longer names the table is stale: the map stays a true picture
        Map<String, Set<String>> named = new TreeMap<>();
        sources().forEach(source -> named.put(source.name(), source.tables()));
        List<String> stale = new ArrayList<>();
        OWNERS.forEach((table, owner) -> owner.exceptions().keySet().stream()
                .filter(className -> !named.getOrDefault(className, Set.of()).contains(table))
                .forEach(className -> stale.add(className + " no longer names " + table)));
        assertThat(stale).as("exceptions to remove").isEmpty();
    }

    @Test
    void the_scan_finds_the_owners_own_sql() {
        // a scan that found nothing would pass the first test whatever the code did
        Set<String> named = new TreeSet<>();
        sources().forEach(source -> named.addAll(source.tables()));
        assertThat(named).contains("user_list", "audit_log", "seat_holder", "org_registry", "mail_outbox");
    }

    private record Owner(String pkg, Map<String, String> exceptions) {
        boolean permits(String className) {
            String classPackage = className.substring(0, className.lastIndexOf('.'));
            return classPackage.equals(pkg) || exceptions.containsKey(className);
        }
    }

    private record SourceClass(String name, Set<String> tables) {
    }

    private static void own(String table, String pkg) {
        OWNERS.put(table, new Owner(pkg, new TreeMap<>()));
    }

    private static void except(String table, String className, String reason) {
        OWNERS.get(table).exceptions().put(className, reason);
    }

    private static List<SourceClass> sources() {
        List<SourceClass> classes = new ArrayList<>();
        for (Path root : SOURCES) {
            assertThat(root).as("sources of a module").isDirectory();
            for (Path file : files(root, ".java")) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                String name = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
                Set<String> tables = new TreeSet<>();
                Matcher literal = LITERAL.matcher(read(file));
                while (literal.find()) {
                    String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                    matches(TABLE_REFERENCE, text).stream().map(String::toLowerCase).forEach(tables::add);
                }
                classes.add(new SourceClass(name, tables));
            }
        }
        return classes;
    }

    private static BigDecimal version(Path migration) {
        String name = migration.getFileName().toString();
        return new BigDecimal(name.substring(1, name.indexOf("__")).replace('_', '.'));
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1).toLowerCase());
        }
        return found;
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
