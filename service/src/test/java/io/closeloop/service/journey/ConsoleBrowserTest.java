package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.config.SecretString;
import io.closeloop.service.config.SmsConfig;
import io.closeloop.service.dev.TextCommand;
import io.closeloop.service.survey.TokenGenerator;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The support console in a real headless Chromium: an agent signs in, takes the ticket a customer's SMS
 * opened, replies, sees the customer's next message arrive without reloading, and resolves.
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

        browser.get(app.uri("/console").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("username")).sendKeys("lin");
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "wrong"));
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys("lin-console-password");
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));

        By inQueue = By.cssSelector("#queue li[data-ticket='" + ticket + "']");
        wait.until(ExpectedConditions.elementToBeClickable(inQueue)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "my order is wrong"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-take"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "open"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#mine li[data-ticket='" + ticket + "']")));

        WebElement reply = browser.findElement(By.id("reply"));
        reply.sendKeys("Sorry about that! We are sending the right item today.");
        browser.findElement(By.id("action-send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#transcript .agent"),
                "We are sending the right item today."));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "pending_customer"));
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

    private String text(String phone, String body) throws Exception {
        clock.advance(Duration.ofSeconds(30));
        List<String> replies = TextCommand.send(app.uri("/"), URI.create("http://localhost:8080"), sms, phone, body);
        return String.join("\n", replies);
    }
}
