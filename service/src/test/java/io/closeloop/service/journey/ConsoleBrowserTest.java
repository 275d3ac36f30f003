package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.config.SecretString;
import io.closeloop.service.config.SmsConfig;
import io.closeloop.service.dev.TextCommand;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.HeadlessChromium;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The support console in a real headless Chromium: an agent signs in, takes the ticket a customer's SMS
 * opened, replies, sees the customer's next message arrive without reloading, and resolves; a supervisor sees the
 * queues and the agents, and hands a ticket back to the queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final String ACCOUNT = "AC" + "55554444333322221111000099998888";
    private static final String TOKEN = "console-test-auth-token";
    private static final String OUR_NUMBER = "+15005550006";

    private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    private final SmsConfig sms = new SmsConfig(true, "log", ACCOUNT, new SecretString(TOKEN), OUR_NUMBER, null, null, null);
    private TestDatabase database;
    private TestApp app;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        chromium = HeadlessChromium.start(options -> options.addArguments("--window-size=1280,900"));
        browser = chromium.browser();
        database = TestDatabase.h2();
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of(
                "sms.enabled", "true", "sms.sender", "log", "sms.accountSid", ACCOUNT, "sms.authToken", TOKEN,
                "sms.from", OUR_NUMBER, "agents.initialAdminUser", "lin", "agents.initialAdminPassword",
                "lin-console-password", "agents.sessionTtl", "3650 days"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void anAgentSignsInTakesATicketRepliesSeesTheCustomerAnswerAndResolves() throws Exception {
        String phone = "+14155550123";
        assertThat(text(phone, "I want to talk to a person, my order is wrong")).startsWith("I have passed this");
        long ticket = app.jdbi().withHandle(h -> h.createQuery("SELECT id FROM ticket WHERE address = :a")
                .bind("a", phone).mapTo(Long.class).one());
        app.app().sla().check(); // the scheduler is off in tests: this gives the ticket its due times

        openConsole();
        browser.findElement(By.id("username")).sendKeys("lin");
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "wrong"));
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys("lin-console-password");
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
        // Signing in to the console makes the agent online: no status switch to find before tickets come.
        wait.until(d -> "online".equals(new Select(browser.findElement(By.id("status"))).getFirstSelectedOption()
                .getAttribute("value")));
        assertThat(agentStatus("lin")).isEqualTo("online");

        // The list shows active tickets by default, each with its topic, priority and service level.
        By row = By.cssSelector("#tickets li[data-ticket='" + ticket + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "unassigned"));
        assertThat(browser.findElement(row).getText()).contains("general", "P1", "first reply due");
        browser.findElement(row).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "my order is wrong"));
        WebElement said = browser.findElement(By.cssSelector("#transcript li.customer"));
        assertThat(said.findElement(By.cssSelector(".channel")).getText()).isEqualTo("SMS");
        assertThat(said.findElement(By.cssSelector(".bot")).getText()).contains("I have passed this");
        assertThat(browser.findElement(By.id("customer")).getText()).contains(phone);

        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-take"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "open"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-assignee"), "You"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "assigned to you"));

        WebElement reply = browser.findElement(By.id("reply"));
        reply.sendKeys("Sorry about that! We are sending the right item today.");
        browser.findElement(By.id("action-send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#transcript .agent"),
                "We are sending the right item today."));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "pending customer"));
        String queued = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT body FROM outbound_message WHERE to_address = :a ORDER BY id DESC LIMIT 1")
                .bind("a", phone).mapTo(String.class).one());
        assertThat(queued).isEqualTo("Sorry about that! We are sending the right item today.");

        // The customer answers by SMS; the open console shows it without a reload.
        assertThat(text(phone, "Great, thank you!")).isEmpty();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "Great, thank you!"));

        browser.findElement(By.id("action-resolve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "resolved"));
        String status = app.jdbi().withHandle(h -> h.createQuery("SELECT status FROM ticket WHERE id = :id")
                .bind("id", ticket).mapTo(String.class).one());
        assertThat(status).isEqualTo("resolved");
    }

    @Test
    void aSupervisorSeesTheQueuesAndAgentsAndHandsATicketBackToTheQueue() throws Exception {
        String phone = "+8613800138000";
        assertThat(app.postJsonWithKey("/api/v1/purchases", """
                {"orderId":"console-order-1","channel":"sms","purchasedAt":"2026-11-18T08:00:00Z",
                 "amount":199.50,"currency":"CNY","customer":{"externalId":"console-cust-1","name":"王小明",
                 "phone":"+8613800138000","locale":"zh-CN","timeZone":"Asia/Shanghai"}}
                """).statusCode()).isBetween(200, 202);
        // The customer's survey answers, as the analysis stores them (aspects: a JSON array kept as text).
        app.jdbi().useHandle(h -> {
            String invitation = h.createQuery("SELECT id FROM survey_invitation WHERE customer_id = "
                    + "(SELECT customer_id FROM customer_address WHERE address = :a)").bind("a", phone)
                    .mapTo(String.class).one();
            String answer = "INSERT INTO survey_answer (invitation_id, question_id, question_type, score, text_value,"
                    + " skipped, duration_ms, answered_at, sentiment_label, sentiment_score, sentiment_aspects)"
                    + " VALUES (:i, :q, :type, :score, :text, FALSE, 1000, :at, :label, :sentiment, :aspects)";
            h.createUpdate(answer).bind("i", invitation).bind("q", "nps").bind("type", "nps").bind("score", 2)
                    .bindNull("text", java.sql.Types.VARCHAR).bind("at", clock.instant())
                    .bindNull("label", java.sql.Types.VARCHAR).bindNull("sentiment", java.sql.Types.DOUBLE)
                    .bindNull("aspects", java.sql.Types.VARCHAR).execute();
            h.createUpdate(answer).bind("i", invitation).bind("q", "comment").bind("type", "text")
                    .bindNull("score", java.sql.Types.INTEGER).bind("text", "快递太慢了，包装也破了")
                    .bind("at", clock.instant()).bind("label", "very_negative").bind("sentiment", -0.72)
                    .bind("aspects", "[{\"aspect\":\"delivery\",\"term\":\"快递\",\"label\":\"negative\",\"score\":-0.6},"
                            + "{\"aspect\":\"packaging\",\"term\":\"包装\",\"label\":\"very_negative\",\"score\":-0.8}]")
                    .execute();
        });
        assertThat(text(phone, "转人工，快递三天了还没到")).isNotEmpty();
        // Three hours without a reply breach the first-response time (two hours).
        clock.advance(Duration.ofHours(3));
        app.app().sla().check();
        Map<String, Object> opened = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT id, locale, topic FROM ticket WHERE address = :a").bind("a", phone).mapToMap().one());
        long ticket = ((Number) opened.get("id")).longValue();
        long lin = app.jdbi().withHandle(h -> h.createQuery("SELECT id FROM agent WHERE username = 'lin'")
                .mapTo(Long.class).one());

        openConsole();
        browser.findElement(By.id("username")).sendKeys("lin");
        browser.findElement(By.id("password")).sendKeys("lin-console-password");
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
        long mei = Long.parseLong(inBrowser("POST", "/api/v1/agents", """
                {"username":"mei","password":"mei-console-password","displayName":"Mei Chen","role":"agent",
                 "languages":["zh-CN"],"capacity":3}
                """).replaceAll(".*\"id\":(\\d+).*", "$1"));

        // An admin supervises: the queue of the ticket's language and topic, and every agent's load.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-supervisor"))).click();
        By queue = By.cssSelector("#queues tr[data-queue='" + opened.get("locale") + "/" + opened.get("topic") + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(queue));
        List<String> cells = browser.findElement(queue).findElements(By.tagName("td")).stream()
                .map(WebElement::getText).toList();
        assertThat(cells.get(0)).isEqualTo(opened.get("locale"));
        assertThat(Integer.parseInt(cells.get(2))).isPositive();
        assertThat(Integer.parseInt(cells.get(3))).isPositive();
        assertThat(Integer.parseInt(cells.get(5))).isPositive();
        By linRow = By.cssSelector("#agents tr[data-agent='" + lin + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(linRow, "online"));
        assertThat(browser.findElement(linRow).getText()).contains("lin", "admin", "online", "0 / 5");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#agents tr[data-agent='" + mei + "']"), "Mei Chen"));

        // "Show tickets" on the queue filters the list to it.
        browser.findElement(queue).findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tickets-view")));
        assertThat(new Select(browser.findElement(By.id("filter-topic"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo(opened.get("topic"));
        By row = By.cssSelector("#tickets li[data-ticket='" + ticket + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "breached: first reply"));
        browser.findElement(row).click();

        // The ticket: the customer's Chinese message with its channel, and who the customer is.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "快递三天了还没到"));
        WebElement said = browser.findElement(By.cssSelector("#transcript li.customer"));
        assertThat(said.findElement(By.cssSelector(".channel")).getText()).isEqualTo("SMS");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("customer"), "王小明"));
        assertThat(browser.findElement(By.id("customer")).getText()).contains("console-cust-1", phone);
        assertThat(browser.findElement(By.id("customer-purchases")).getText()).contains("1 purchase", "199.5");
        assertThat(browser.findElement(By.id("answers")).getText()).contains("NPS 2", "快递太慢了，包装也破了",
                "very negative -0.72", "delivery negative (“快递”)", "packaging very negative (“包装”)");

        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-take"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-assignee"), "You"));

        // Handing it to an agent who is offline fails with the service's reason, shown on the ticket.
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#transfer-to option[value='" + mei + "']")));
        new Select(browser.findElement(By.id("transfer-to"))).selectByValue(String.valueOf(mei));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-transfer"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transfer-error"), "offline"));

        // Back to the queue: the ticket is unassigned in the console and in the API.
        new Select(browser.findElement(By.id("transfer-to"))).selectByValue("queue");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-transfer"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-assignee"), "Unassigned"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transfer-done"), "queue"));
        assertThat(inBrowser("GET", "/api/v1/tickets/" + ticket, null)).contains("\"assigneeId\":null");
        new Select(browser.findElement(By.id("filter-assignee"))).selectByValue("none");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "unassigned"));
    }

    private String agentStatus(String username) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT status FROM agent WHERE username = :u")
                .bind("u", username).mapTo(String.class).one());
    }

    /** Calls the API with the browser's session, as the console does; returns the status and the body. */
    private String inBrowser(String method, String path, String json) {
        Object answer = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = {Accept: 'application/json', 'Content-Type': 'application/json',
                                 'X-CSRF-Token': sessionStorage.getItem('csrf')};
                fetch(arguments[1], {method: arguments[0], headers, body: arguments[2]})
                  .then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('error ' + e));
                """, method, path, json);
        assertThat(answer).asString().matches("2\\d\\d .*");
        return answer.toString();
    }

    /** The console with no session: each test signs in itself, whatever ran before. */
    private void openConsole() {
        browser.get(app.uri("/console").toString());
        browser.manage().deleteAllCookies();
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
    }

    private String text(String phone, String body) throws Exception {
        clock.advance(Duration.ofSeconds(30));
        List<String> replies = TextCommand.send(app.uri("/"), URI.create("http://localhost:8080"), sms, phone, body);
        return String.join("\n", replies);
    }
}
