package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.testing.HeadlessChromium;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo shop of config/local.yml in a real headless Chromium: the chat launcher is on the page and opens the
 * panel, "place an order" shows the survey link the purchase earned, and the link opens the survey; in English
 * and Chinese, at phone width, with no Content-Security-Policy complaint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoShopBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    private TestDatabase database;
    private TestApp app;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        chromium = HeadlessChromium.start(options -> {
            options.addArguments("--window-size=1280,900");
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        });
        browser = chromium.browser();
        database = TestDatabase.h2();
        app = TestApp.start(database, clock); // config/local.yml: the demo and the chat panel are on
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
    void aVisitorOpensTheChatPlacesAnOrderAndOpensTheSurveyItEarned() {
        browser.get(app.uri("/demo").toString());
        browser.manage().logs().get(LogType.BROWSER);
        assertThat(browser.findElement(By.id("product-name")).getText()).isEqualTo("Longjing green tea");

        WebElement launcher = wait.until(ExpectedConditions.elementToBeClickable(By.id("closeloop-launcher")));
        assertThat(launcher.getAttribute("aria-label")).isEqualTo("Chat with us");
        launcher.click();
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("closeloop-frame")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chat-input")));
        assertThat(browser.findElement(By.id("chat-title")).getText()).isEqualTo("Chat with us");
        browser.switchTo().defaultContent();
        launcher.click(); // closes it again
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("closeloop-frame")));

        browser.findElement(By.id("order-name")).sendKeys("Ann");
        browser.findElement(By.id("place-order")).click();
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("survey-link")));
        assertThat(browser.findElement(By.id("result-text")).getText()).matches("Order DEMO-[0-9A-Z]{10} is in\\..*");
        assertThat(link.getText()).isEqualTo("Take the survey");
        assertThat(link.getAttribute("href")).startsWith(app.uri("/s/").toString());
        screenshot("demo-en-ordered");
        String shop = openSurvey(link);
        wait.until(ExpectedConditions.textToBe(By.id("question"), "How satisfied are you with your order?"));
        assertNoConsoleComplaintsAndCloseTheSurvey(shop);
    }

    @Test
    void inChineseOnAPhone() {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        try {
            browser.get(app.uri("/demo?locale=zh-CN").toString());
            browser.manage().logs().get(LogType.BROWSER);
            assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
            assertThat(browser.findElement(By.id("product-name")).getText()).isEqualTo("龙井绿茶");
            WebElement launcher = wait.until(ExpectedConditions.elementToBeClickable(By.id("closeloop-launcher")));
            assertThat(launcher.getAttribute("aria-label")).isEqualTo("在线咨询");
            assertThat(browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling").isEqualTo(true);

            browser.findElement(By.id("place-order")).click();
            WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("survey-link")));
            assertThat(link.getText()).isEqualTo("填写问卷");
            assertThat(browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling with the order shown").isEqualTo(true);
            screenshot("demo-zh-phone-ordered");
            String shop = openSurvey(link);
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "zh-CN"));
            wait.until(ExpectedConditions.textMatches(By.id("question"), java.util.regex.Pattern.compile(".*满意.*")));
            assertNoConsoleComplaintsAndCloseTheSurvey(shop);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** The link opens in a new tab, as a customer opens it from a message; returns the shop's tab. */
    private String openSurvey(WebElement link) {
        String shop = browser.getWindowHandle();
        Set<String> before = browser.getWindowHandles();
        link.click();
        wait.until(d -> d.getWindowHandles().size() > before.size());
        browser.switchTo().window(browser.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst()
                .orElseThrow());
        wait.until(ExpectedConditions.urlContains("/s/"));
        return shop;
    }

    /** Nothing either tab complained of (a Content-Security-Policy violation, a failed request); back to the shop. */
    private void assertNoConsoleComplaintsAndCloseTheSurvey(String shop) {
        assertThat(complaints()).as("the survey's console").isEmpty();
        browser.close();
        browser.switchTo().window(shop);
        assertThat(complaints()).as("the shop's console").isEmpty();
    }

    private java.util.List<String> complaints() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
