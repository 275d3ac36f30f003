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
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The support console on a phone (390 × 844, emulated): signing in, the ticket list, one ticket with its
 * transcript and the reply box, Take, Reply and Resolve all fit the width, none of it scrolls sideways, and the
 * agent works a ticket to the end with taps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePhoneBrowserTest {
    private static final int WIDTH = 390;
    private static final int HEIGHT = 844;
    private static final String ACCOUNT = "AC" + "55554444333322221111000099997777";
    private static final String TOKEN = "console-phone-auth-token";
    private static final String OUR_NUMBER = "+15005550006";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    private final SmsConfig sms = new SmsConfig(true, "log", ACCOUNT, new SecretString(TOKEN), OUR_NUMBER, null, null, null);
    private TestDatabase database;
    private TestApp app;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        chromium = HeadlessChromium.start(options -> {
            options.addArguments("--window-size=" + WIDTH + "," + HEIGHT);
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", WIDTH, "height", HEIGHT, "pixelRatio", 3.0, "touch", true),
                    "userAgent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                            + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"));
        });
        browser = chromium.browser();
        database = TestDatabase.h2();
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of(
                "sms.enabled", "true", "sms.sender", "log", "sms.accountSid", ACCOUNT, "sms.authToken", TOKEN,
                "sms.from", OUR_NUMBER, "agents.initialAdminUser", "rosa", "agents.initialAdminPassword",
                "rosa-phone-password", "agents.sessionTtl", "3650 days"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Files.createDirectories(SCREENSHOTS);
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
    void anAgentWorksATicketOnAPhoneWithoutSidewaysScrolling() throws Exception {
        String phone = "+14155550188";
        text(phone, "I need a person please, the parcel never arrived and the tracking page shows nothing at all");
        long ticket = app.jdbi().withHandle(h -> h.createQuery("SELECT id FROM ticket WHERE address = :a")
                .bind("a", phone).mapTo(Long.class).one());
        app.app().sla().check();

        browser.get(app.uri("/console").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        assertThat(innerWidth()).as("the phone's width").isEqualTo(WIDTH);
        assertFits("sign-in", "username", "password", "signin-button");
        browser.findElement(By.id("username")).sendKeys("rosa");
        browser.findElement(By.id("password")).sendKeys("rosa-phone-password");
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));

        By row = By.cssSelector("#tickets li[data-ticket='" + ticket + "'] button");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertFits("ticket list", "status", "signout", "filter-status", "filter-topic");
        assertWithin("ticket row", browser.findElement(row));
        screenshot("console-phone-list");
        browser.findElement(row).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "the parcel never arrived"));
        assertFits("ticket", "ticket-title", "transcript", "reply", "action-take", "action-send", "action-resolve");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("action-take"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-assignee"), "You"));

        browser.findElement(By.id("reply")).sendKeys("So sorry! A new parcel leaves today; here is the tracking link.");
        browser.findElement(By.id("action-send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#transcript .agent"),
                "A new parcel leaves today"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "pending customer"));
        assertFits("ticket after the reply", "transcript", "reply", "action-send", "action-resolve");
        screenshot("console-phone-ticket");

        browser.findElement(By.id("action-resolve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-status"), "resolved"));

        // Back to the list, which the ticket covered.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("back-to-list"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tickets")));
        assertFits("the list again", "filter-status", "tickets");
    }

    /** No sideways scrolling, and each control shown whole within the width of the screen. */
    private void assertFits(String where, String... ids) {
        assertThat(browser.executeScript("return document.documentElement.scrollWidth"))
                .as(where + ": the page is no wider than the screen; too wide: " + browser.executeScript("""
                        return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390.5)
                          .map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
                          .slice(0, 8).join(', ')"""))
                .isEqualTo((long) WIDTH);
        for (String id : ids) {
            WebElement element = browser.findElement(By.id(id));
            assertThat(element.isDisplayed()).as(where + ": #" + id + " is shown").isTrue();
            assertWithin(where + ": #" + id, element);
        }
    }

    private void assertWithin(String what, WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'nearest'})", element);
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) browser.executeScript(
                "const r = arguments[0].getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width};",
                element);
        assertThat(box.get("left").doubleValue()).as(what + " starts on the screen").isGreaterThanOrEqualTo(0);
        assertThat(box.get("right").doubleValue()).as(what + " ends on the screen").isLessThanOrEqualTo(WIDTH);
        assertThat(box.get("width").doubleValue()).as(what + " has a width").isPositive();
    }

    private long innerWidth() {
        return (Long) browser.executeScript("return window.innerWidth");
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void text(String phone, String body) throws Exception {
        clock.advance(Duration.ofSeconds(30));
        TextCommand.send(app.uri("/"), URI.create("http://localhost:8080"), sms, phone, body);
    }
}
