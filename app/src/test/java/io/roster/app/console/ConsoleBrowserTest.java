package io.roster.app.console;

import io.roster.app.IntegrationTest;
import io.roster.app.People;
import io.roster.app.RosterApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console in a real browser (issue #10): Debian's chromium, headless, driven by chromium-driver through
 * Selenium, against the whole application on the embedded PostgreSQL. Each flow ends with screenshots of the pages
 * it went through, written to {@code app/target/console-screenshots} or, with
 * {@code -Dconsole.screenshots=../docs/console}, to the README's pictures.
 * <p>
 * Without chromium and chromium-driver installed the tests are skipped, unless {@code ROSTER_BROWSER_TESTS=required}
 * (set by {@code .ci/run}, which installs them) makes their absence a failure.
 */
class ConsoleBrowserTest extends IntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PASSWORD = "console tulip river lantern";

    private static WebDriver browser;

    private WebDriverWait wait;
    private String base;

    @BeforeEach
    void browser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!installed && "required".equals(System.getenv("ROSTER_BROWSER_TESTS"))) {
            throw new AssertionError("chromium and chromium-driver are required (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        if (browser == null) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,900", "--lang=en-US", "--no-first-run", "--disable-extensions",
                    "--disable-background-networking", "--disable-sync", "--disable-component-update",
                    "--disable-default-apps", "--metrics-recording-only", "--safebrowsing-disable-auto-update");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            browser = new ChromeDriver(service, options);
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
        base = "http://127.0.0.1:" + port;
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
        // htmx replaces the results while a condition reads them: read again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void an_administrator_signs_in_adds_a_user_assigns_a_role_deactivates_and_reactivates() throws Exception {
        String admin = administrator("console.admin");
        signIn(admin);
        assertThat(browser.getCurrentUrl()).contains("/console/users");
        assertThat(browser.findElement(By.cssSelector(".signout")).getText()).contains(admin);
        screenshot("users");

        // add a user
        browser.findElement(By.linkText("Add user")).click();
        String username = uniqueUsername("added");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("firstName")).sendKeys("Ada");
        browser.findElement(By.id("lastName")).sendKeys("Lovelace");
        screenshot("add-user");
        browser.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "was added"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(username);
        String userId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(api.get("/api/v1/users/" + userId).text("username")).isEqualTo(username);

        // a refusal is shown with the API's explanation, and nothing is written
        browser.findElement(By.linkText("Users")).click();
        browser.findElement(By.linkText("Add user")).click();
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("firstName")).sendKeys("Twin");
        browser.findElement(By.id("lastName")).sendKeys("Taken");
        browser.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".problem"))).getText())
                .contains(username);
        assertThat(browser.findElement(By.id("firstName")).getAttribute("value")).as("the form keeps what was typed")
                .isEqualTo("Twin");

        // search as you type finds them without pressing Enter
        browser.findElement(By.linkText("Users")).click();
        WebElement search = browser.findElement(By.id("q"));
        search.sendKeys(username.substring(0, username.indexOf('@')));
        wait.until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("#results tbody tr"));
            return rows.size() == 1 && rows.get(0).getText().contains(username);
        });
        assertThat(browser.getCurrentUrl()).as("the filters are in the address, to share or reload").contains("q=");
        // last activity: shown, and a filter
        assertThat(api.post("/api/v1/users/" + userId + "/activity", Map.of("kind", "SIGN_IN", "at",
                java.time.Instant.now().minusSeconds(60).toString())).status()).isEqualTo(204);
        new Select(browser.findElement(By.id("activity"))).selectByValue("inactive30");
        wait.until(driver -> driver.findElements(By.cssSelector("#results tbody tr")).get(0).getText()
                .contains("No users match"));
        new Select(browser.findElement(By.id("activity"))).selectByValue("active30");
        wait.until(driver -> driver.findElement(By.id("results")).getText().contains(username));
        assertThat(browser.findElement(By.cssSelector("#results tbody tr")).getText()).doesNotContain("never");

        // assign a role
        browser.findElement(By.linkText(username)).click();
        new Select(browser.findElement(By.id("assign-role"))).selectByValue("audit-log-viewer");
        browser.findElement(By.cssSelector("form[action$='/roles'] button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "assigned"));
        assertThat(browser.findElement(By.cssSelector("ul.roles")).getText()).contains("Audit Log Viewer");
        assertThat(api.get("/api/v1/users/" + userId).raw()).contains("audit-log-viewer");
        screenshot("user");

        // deactivate, with the consequence explained first
        browser.findElement(By.partialLinkText("Deactivate")).click();
        assertThat(browser.findElement(By.cssSelector(".consequence")).getText()).contains("keeps the user's data")
                .contains("frees their license seat");
        screenshot("confirm-deactivate");
        browser.findElement(By.id("reason")).sendKeys("left the company");
        browser.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".status.big"), "Deactivated"));
        assertThat(api.get("/api/v1/users/" + userId).text("status")).isEqualTo("DEACTIVATED");

        browser.findElement(By.partialLinkText("Reactivate")).click();
        browser.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".status.big"), "Active"));
        assertThat(api.get("/api/v1/users/" + userId).text("status")).isEqualTo("ACTIVE");

        // the history names the person who did it, and the audit log records their browser, not the console's hop
        String timeline = browser.findElement(By.cssSelector("ol.timeline")).getText();
        assertThat(timeline).contains("UserCreated").contains("RoleAssigned").contains("UserDeactivated")
                .contains("UserReactivated").contains(admin);
        assertThat(api.get("/api/v1/audit-log?targetId=" + userId + "&eventType=UserDeactivated").raw())
                .contains("\"username\":\"" + admin + "\"");

        // the delete confirmation says it is permanent
        browser.findElement(By.partialLinkText("Delete")).click();
        assertThat(browser.findElement(By.cssSelector(".consequence")).getText()).contains("permanent");
        screenshot("confirm-delete");

        // phone width: the same page, readable
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.findElement(By.linkText("Users")).click();
        screenshot("users-phone");
    }

    @Test
    void support_access_toggled_off_deactivates_the_support_user_and_the_audit_log_filters_to_support_users()
            throws Exception {
        String admin = administrator("console.security");
        api.send("PUT", "/api/v1/support-access", Map.of("enabled", true), "application/json");
        String support = uniqueUsername("tse");
        String supportId = People.activated(api, MAIL, Map.of("username", support, "firstName", "Tess",
                "lastName", "Support", "userType", "SUPPORT_USER", "roles", List.of("customer-cloud-admin")), PASSWORD);
        // the support user does something: it shows in the audit log as a Code42 Support User's act
        RosterApi supportApi = anonymous.as(People.signIn(port, support, PASSWORD));
        String touched = createUser(uniqueUsername("helped"), null).text("id");
        assertThat(supportApi.patch("/api/v1/users/" + touched, Map.of("lastName", "ByTess")).status()).isEqualTo(200);

        signIn(admin);
        browser.findElement(By.linkText("Support Access")).click();
        assertThat(browser.findElement(By.id("support-state")).getText()).isEqualTo("on");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains(support);
        browser.findElement(By.cssSelector("form[action$='/support-access'] button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("support-state"), "off"));
        WebElement row = browser.findElement(By.xpath("//tr[td/a[text()='" + support + "']]"));
        assertThat(row.getText()).contains("Deactivated");
        assertThat(row.findElements(By.cssSelector("time")).size()).as("a deletion date").isEqualTo(2);
        assertThat(api.get("/api/v1/users/" + supportId).text("status")).isEqualTo("DEACTIVATED");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("by " + admin);
        screenshot("support-access");

        browser.findElement(By.linkText("Audit log")).click();
        browser.findElement(By.cssSelector("input[name=actorType][value=SUPPORT_USER]")).click();
        wait.until(driver -> driver.getCurrentUrl().contains("actorType=SUPPORT_USER"));
        wait.until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("#results tbody tr"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> r.getText().contains("Code42 Support User"));
        });
        assertThat(browser.findElement(By.id("results")).getText()).contains(support);
        assertThat(browser.findElement(By.cssSelector("#results")).getText()).doesNotContain(admin);
        assertThat(browser.findElement(By.cssSelector("a[href*='format=csv']")).getAttribute("href"))
                .contains("actorType=SUPPORT_USER");
        screenshot("audit-log");
        assertThat(touched).isNotNull();
    }

    @Test
    void an_operator_rebuilds_a_read_model_and_watches_it_reach_100_percent() throws Exception {
        signIn(administrator("console.ops"));
        browser.findElement(By.linkText("Operations")).click();
        WebElement processors = browser.findElement(By.cssSelector("main table"));
        assertThat(processors.getText()).contains("user-list").contains("audit-log").contains("IN_TRANSACTION")
                .contains("audit_log, audit_user_organization");
        screenshot("operations");
        browser.findElement(By.cssSelector("button[aria-label='Rebuild organization-list']")).click();
        wait.until(ExpectedConditions.urlContains("/console/operations/replays/"));
        wait.until(ExpectedConditions.textToBe(By.id("replay-state"), "DONE"));
        assertThat(browser.findElement(By.id("replay-progress")).getAttribute("value")).isEqualTo("100");
        assertThat(browser.findElement(By.id("replay-percent")).getText()).startsWith("100 %");
        screenshot("replay");

        browser.findElement(By.linkText("Seats")).click();
        assertThat(browser.findElement(By.id("seats-used")).getText()).matches("\\d+");
        screenshot("seats");
        browser.findElement(By.linkText("Organizations")).click();
        assertThat(browser.findElement(By.cssSelector("main table")).getText()).contains("Root Organization");
        screenshot("organizations");
        browser.findElement(By.linkText("Roles")).click();
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Customer Cloud Admin");
        screenshot("roles");
    }

    @Test
    void a_person_sees_only_what_their_roles_allow_and_their_session_ends_when_they_are_deactivated() throws Exception {
        String username = uniqueUsername("console.viewer");
        String id = People.activated(api, MAIL, Map.of("username", username, "firstName", "Val", "lastName", "Viewer",
                "roles", List.of("desktop-user", "audit-log-viewer")), PASSWORD);
        signIn(username);
        // Desktop User + Audit Log Viewer: no user list, no operations; the audit log and Support Access's state
        assertThat(browser.getCurrentUrl()).contains("/console/support-access");
        List<String> sections = browser.findElements(By.cssSelector(".top nav a")).stream().map(WebElement::getText).toList();
        assertThat(sections).contains("Audit log", "Support Access").doesNotContain("Users", "Operations", "Seats");
        browser.get(base + "/console/users");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        browser.get(base + "/console/operations");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");

        // deactivated meanwhile: the next click ends the session
        api.post("/api/v1/users/" + id + "/deactivate", Map.of());
        browser.findElement(By.linkText("Audit log")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.get(base + "/console/audit-log");
        assertThat(browser.getCurrentUrl()).as("no way back in with the old session").contains("/login");
    }

    @Test
    void changes_without_the_session_csrf_token_are_refused() throws Exception {
        signIn(administrator("console.csrf"));
        String target = createUser(uniqueUsername("csrf.target"), null).text("id");
        // a form posted from elsewhere carries the session cookie but not the token
        String forged = "document.body.insertAdjacentHTML('beforeend', '<form id=forged method=post action=\"/console/users/"
                + target + "/deactivate\"></form>'); document.getElementById('forged').submit();";
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(forged);
        wait.until(driver -> !driver.getCurrentUrl().endsWith("/console/users"));
        assertThat(api.get("/api/v1/users/" + target).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void organizations_are_created_renamed_and_moved_and_custom_roles_made_by_duplicating() throws Exception {
        signIn(administrator("console.orgs"));
        browser.findElement(By.linkText("Organizations")).click();
        String name = "Branch " + java.util.UUID.randomUUID().toString().substring(0, 6);
        browser.findElement(By.id("org-name")).sendKeys(name);
        browser.findElement(By.cssSelector("form[action$='/console/organizations'] button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "was created"));
        String orgId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        WebElement rename = browser.findElement(By.id("rename"));
        rename.clear();
        rename.sendKeys(name + " renamed");
        rename.submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "renamed"));
        assertThat(api.get("/api/v1/organizations/" + orgId).text("name")).isEqualTo(name + " renamed");
        String parent = createOrganization("Parent " + name, null);
        browser.navigate().refresh();
        new Select(browser.findElement(By.id("move-under"))).selectByValue(parent);
        browser.findElement(By.id("move-under")).submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "moved"));
        assertThat(api.get("/api/v1/organizations/" + orgId).text("parentId")).isEqualTo(parent);
        screenshot("organization");
        browser.findElement(By.linkText("Organizations")).click();
        assertThat(browser.findElement(By.cssSelector("main table")).getText()).contains(name + " renamed");

        // duplicate Desktop User without one of its permissions and with one more; the diff shows both
        browser.get(base + "/console/roles/new?basedOn=desktop-user");
        List<WebElement> ticked = browser.findElements(By.cssSelector("input[name=permission]:checked"));
        assertThat(ticked).isNotEmpty();
        String removed = ticked.get(0).getAttribute("value");
        ticked.get(0).click();
        // an organization-level permission: a role scoped to its holder cannot carry environment-wide ones
        WebElement extra = browser.findElement(By.cssSelector("input[name=permission][value='computer.read']"));
        assertThat(extra.isSelected()).isFalse();
        extra.click();
        WebElement roleName = browser.findElement(By.id("role-name"));
        roleName.clear();
        String customName = "Desk plus computers " + java.util.UUID.randomUUID().toString().substring(0, 6);
        roleName.sendKeys(customName);
        screenshot("role-duplicate");
        browser.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "was created"));
        assertThat(browser.findElement(By.cssSelector("ul.diff .added")).getText()).contains("computer.read");
        assertThat(browser.findElement(By.cssSelector("ul.diff .removed")).getText()).contains(removed);
        String roleId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(api.get("/api/v1/roles/" + roleId).raw()).contains("computer.read").contains(customName);
        // who holds it
        String holder = uniqueUsername("holder");
        createUser(holder, null, roleId);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains(holder);
        screenshot("role");
    }

    @Test
    void webhooks_show_deliveries_with_attempts_and_can_redeliver() throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            signIn(administrator("console.hooks"));
            browser.findElement(By.linkText("Webhooks")).click();
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            browser.findElement(By.id("url")).sendKeys(url);
            browser.findElement(By.id("description")).sendKeys("HR system");
            browser.findElement(By.cssSelector("input[name=eventType][value='user.created']")).click();
            browser.findElement(By.cssSelector("form.stack button[type=submit]")).click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-secret"))).getText())
                    .startsWith("whsec_");
            String hookPage = browser.getCurrentUrl();
            createUser(uniqueUsername("hooked"), null);
            io.roster.app.Eventually.await("the delivery", Duration.ofSeconds(20), () -> received.get() >= 1);
            wait.until(driver -> {
                driver.navigate().refresh();
                return driver.findElement(By.cssSelector("main table")).getText().contains("SUCCEEDED");
            });
            browser.findElement(By.cssSelector("main table details summary")).click();
            assertThat(browser.findElement(By.cssSelector("main table details")).getText()).contains("204");
            screenshot("webhook");
            browser.findElement(By.cssSelector("form[action$='/redeliver'] button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "sent again"));
            io.roster.app.Eventually.await("the redelivery", Duration.ofSeconds(20), () -> received.get() >= 2);
            browser.findElement(By.linkText("Webhooks")).click();
            assertThat(browser.findElement(By.cssSelector("main table")).getText()).contains(url).contains("HR system");
            screenshot("webhooks");
            assertThat(hookPage).contains("/console/webhooks/");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void a_csv_import_is_dry_run_then_run_with_progress() throws Exception {
        signIn(administrator("console.import"));
        browser.findElement(By.linkText("Import")).click();
        String ok = uniqueUsername("imported");
        Path csv = Files.createTempFile("console-import", ".csv");
        Files.writeString(csv, "username,firstName,lastName\n" + ok + ",Imo,Ported\nnot-an-email,Bad,Row\n");
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("button[name=dryRun][value=true]")).click();
        WebElement plan = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-heading")));
        assertThat(plan.getText()).contains("nothing was changed");
        String report = browser.findElement(By.cssSelector("main")).getText();
        assertThat(report).contains(ok).contains("not-an-email").contains("1 refused");
        assertThat(api.get("/api/v1/users?q=" + ok.substring(0, ok.indexOf('@'))).raw()).doesNotContain(ok);
        screenshot("import-dry-run");

        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("button[name=dryRun][value=false]")).click();
        wait.until(ExpectedConditions.urlContains("/console/imports/"));
        wait.until(ExpectedConditions.textToBe(By.id("import-state"), "DONE"));
        assertThat(browser.findElement(By.id("import-progress")).getAttribute("value")).isEqualTo("100");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("1 created").contains("1 failed");
        assertThat(api.get("/api/v1/users?q=" + ok.substring(0, ok.indexOf('@'))).raw()).contains(ok);
        screenshot("import");
    }

    /** A Customer Cloud Admin person with a password. */
    private String administrator(String prefix) throws Exception {
        String username = uniqueUsername(prefix);
        People.activated(api, MAIL, Map.of("username", username, "firstName", "Cora", "lastName", "Admin",
                "roles", List.of("customer-cloud-admin", "desktop-user")), PASSWORD);
        return username;
    }

    private void signIn(String username) {
        browser.get(base + "/console");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/console/"));
    }

    private void screenshot(String name) {
        Path directory = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
        try {
            Files.createDirectories(directory);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
