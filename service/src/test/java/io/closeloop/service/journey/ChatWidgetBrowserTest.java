package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.HeadlessChromium;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat widget on a shop's page, in a real headless Chromium: the shop (another origin) loads /widget.js, the
 * shopper opens the panel, the bot answers an FAQ question and hands over to a person, an agent replies through
 * the ticket API and the reply appears in the open panel; after a reload the conversation is still there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatWidgetBrowserTest {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final MutableClock clock = MutableClock.at("2026-11-23T02:00:00Z");
    private TestDatabase database;
    private TestApp app;
    private HttpServer shop;
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
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of(
                "chat.enabled", "true", "chat.secret", "chat-browser-secret-0123456789abcdefgh",
                "nlp.enabled", "true", "nlp.demoFaq", "true",
                "agents.initialAdminUser", "ann", "agents.initialAdminPassword", "ann-console-password",
                "agents.sessionTtl", "3650 days"));
        // The shop: another origin (another port), with the tag a shop pastes into its pages.
        String widget = app.uri("/widget.js").toString();
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/", exchange -> {
            boolean chinese = exchange.getRequestURI().getPath().startsWith("/zh");
            String page = """
                    <!doctype html>
                    <html lang="%s"><head><meta charset="utf-8"><title>Teapot Shop</title>
                    <meta name="viewport" content="width=device-width, initial-scale=1">
                    <link rel="icon" href="data:,"></head>
                    <body><h1 id="shop-heading">Teapot Shop</h1><p>Fine teapots since 1999.</p>
                    <script>const before = Object.keys(window);
                    addEventListener('load', () => {
                      window.addedGlobals = Object.keys(window).filter(k => !before.includes(k));
                    });</script>
                    <script src="%s" %s async></script></body></html>
                    """.formatted(chinese ? "zh-CN" : "en", widget, chinese ? "data-locale=\"zh-CN\"" : "");
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        shop.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Files.createDirectories(SCREENSHOTS);
        // The bot answers from the FAQ once it is trained, and reads sentiment once the models are loaded.
        assertThat(app.app().nlpModels().awaitReady(Duration.ofMinutes(3))).isTrue();
        new FluentWait<>(app).withTimeout(Duration.ofMinutes(1)).pollingEvery(Duration.ofMillis(100))
                .until(a -> a.app().faq().trained());
    }

    @AfterAll
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (shop != null) {
            shop.stop(0);
        }
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** Each test is a new visitor: no chat token kept from the one before. */
    @BeforeEach
    void forgetTheVisitor() {
        browser.switchTo().defaultContent();
        browser.get(app.uri("/chat").toString());
        browser.executeScript("localStorage.clear()");
        browser.manage().logs().get(LogType.BROWSER);
    }

    @Test
    void aShopperAsksTheBotGetsAPersonAndSeesTheAgentsReplyAlsoAfterAReload() {
        openShop("/");
        assertThat(browser.findElements(By.id("closeloop-frame"))).as("the panel loads when opened").isEmpty();
        WebElement launcher = browser.findElement(By.id("closeloop-launcher"));
        assertThat(launcher.getAttribute("aria-label")).isEqualTo("Chat with us");
        assertThat(launcher.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(launcher.getRect().getX() + launcher.getRect().getWidth()).as("bottom right").isGreaterThan(1200);
        // The load event waits for async scripts: by then the widget has added all it adds.
        wait.until(d -> browser.executeScript("return window.addedGlobals") != null);
        assertThat(browser.executeScript("return window.addedGlobals")).as("globals the widget adds")
                .isEqualTo(List.of("Closeloop"));

        launcher.click();
        enterPanel();
        assertThat(browser.findElement(By.cssSelector("#chat-messages li.greeting")).getText())
                .contains("Hi! Ask us anything about your order.");
        assertThat(browser.findElement(By.id("chat-input")).getAttribute("placeholder")).isEqualTo("Type your message…");
        assertThat(browser.findElement(By.id("chat-send")).getText()).isEqualTo("Send");

        String answer = app.app().faq().answerOf("delivery_time", "en").orElseThrow();
        browser.findElement(By.id("chat-input")).sendKeys("How long does delivery take?", Keys.ENTER);
        wait.until(said("customer", "How long does delivery take?"));
        wait.until(said("bot", answer));
        assertThat(label("bot", answer)).isEqualTo("Bot");
        String token = (String) browser.executeScript("return localStorage.getItem('closeloop.chat.token')");
        assertThat(token).isNotBlank();

        browser.findElement(By.id("chat-input")).sendKeys("I want to talk to a real person");
        browser.findElement(By.id("chat-send")).click();
        wait.until(said("bot", "I have passed this to our team"));

        // An agent answers the ticket the handoff opened, from outside the browser.
        String agent = json(app.postJson("/api/v1/auth/login",
                "{\"username\":\"ann\",\"password\":\"ann-console-password\"}")).get("token").asText();
        List<JsonNode> tickets = StreamSupport.stream(
                json(app.sendBearer(agent, "GET", "/api/v1/tickets?status=active", null)).get("tickets").spliterator(),
                false).filter(t -> t.get("channel").asText().equals("chat")).toList();
        assertThat(tickets).hasSize(1);
        long ticket = tickets.get(0).get("id").asLong();
        json(app.sendBearer(agent, "POST", "/api/v1/tickets/" + ticket + "/reply",
                "{\"text\":\"Hello from Ann, I'll help you.\"}"));
        wait.until(said("agent", "Hello from Ann, I'll help you."));
        assertThat(label("agent", "Hello from Ann, I'll help you.")).isEqualTo("Agent");
        assertNoConsoleWarnings();
        screenshot("chat-en-desktop");

        // The panel's own close button closes it (a message to the shop's page, checked for its origin).
        browser.findElement(By.id("chat-close")).click();
        browser.switchTo().defaultContent();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("closeloop-frame")));
        assertThat(browser.findElement(By.id("closeloop-launcher")).getAttribute("aria-expanded")).isEqualTo("false");

        // A reply while the panel is closed is there as soon as the visitor opens it again.
        json(app.sendBearer(agent, "POST", "/api/v1/tickets/" + ticket + "/reply", "{\"text\":\"Your parcel is on its way.\"}"));
        browser.findElement(By.id("closeloop-launcher")).click();
        enterPanel();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(said("agent", "Your parcel is on its way."));
        browser.findElement(By.id("chat-close")).click();
        browser.switchTo().defaultContent();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("closeloop-frame")));

        // A reload keeps the visitor: the whole conversation is back, on the same session.
        browser.navigate().refresh();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("closeloop-launcher")));
        browser.executeScript("Closeloop.open()");
        enterPanel();
        wait.until(said("agent", "Hello from Ann, I'll help you."));
        assertThat(texts("customer")).containsExactly("How long does delivery take?", "I want to talk to a real person");
        assertThat(texts("bot")).hasSize(3).first().asString().contains("Hi! Ask us anything");
        assertThat(texts("bot").get(1)).isEqualTo(answer);
        assertThat(browser.executeScript("return localStorage.getItem('closeloop.chat.token')")).isEqualTo(token);
        assertNoConsoleWarnings();
    }

    @Test
    void aChineseShopGetsTheWidgetInChineseAndTheSamePanelWorksOnItsOwn() {
        // A token the service does not accept (expired, or signed with an old secret) is replaced by a new session.
        String forged = "v_AAAAAAAAAAAAAAAAAAAAAA.99999999999.forged";
        browser.executeScript("localStorage.setItem('closeloop.chat.token', arguments[0])", forged);
        openShop("/zh");
        WebElement launcher = browser.findElement(By.id("closeloop-launcher"));
        assertThat(launcher.getAttribute("aria-label")).isEqualTo("在线咨询");
        launcher.click();
        assertThat(browser.findElement(By.id("closeloop-frame")).getAttribute("src"))
                .isEqualTo(app.uri("/chat?locale=zh-CN&embedded=1").toString());
        enterPanel();
        assertThat(browser.findElement(By.cssSelector("#chat-messages li.greeting")).getText())
                .contains("您好！有关订单的任何问题都可以问我们。");
        assertThat(browser.findElement(By.id("chat-send")).getText()).isEqualTo("发送");

        String answer = app.app().faq().answerOf("opening_hours", "zh-CN").orElseThrow();
        browser.findElement(By.id("chat-input")).sendKeys("你们几点开门", Keys.ENTER);
        wait.until(said("bot", answer));
        assertThat(label("bot", answer)).isEqualTo("机器人");
        assertThat(browser.executeScript("return localStorage.getItem('closeloop.chat.token')"))
                .asString().isNotBlank().isNotEqualTo(forged);
        assertThat(consoleWarnings()).as("the refused token, nothing else").isNotEmpty()
                .allSatisfy(message -> assertThat(message).contains("/api/v1/chat/messages", "401"));

        // On a phone the panel takes the whole screen and covers the launcher; its close button still shows.
        browser.switchTo().defaultContent();
        // A desktop window cannot be made that narrow; the phone is emulated.
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        try {
            wait.withMessage(() -> "frame " + browser.findElement(By.id("closeloop-frame")).getRect().getDimension()
                    + " " + browser.executeScript("return [window.innerWidth, matchMedia('(max-width: 480px)').matches,"
                    + " document.getElementById('closeloop-frame').style.cssText]"))
                    .until(d -> browser.findElement(By.id("closeloop-frame")).getRect().getWidth() == 390);
            assertThat(browser.findElement(By.id("closeloop-frame")).getRect().getHeight()).isEqualTo(844);
            assertThat(browser.findElement(By.id("closeloop-launcher")).isDisplayed()).isFalse();
            enterPanel();
            assertThat(browser.findElement(By.id("chat-close")).isDisplayed()).isTrue();
            assertThat(browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling").isEqualTo(true);
            screenshot("chat-zh-phone");
        } finally {
            browser.switchTo().defaultContent();
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }

        // The toggle closes it again; the panel at /chat, not framed, shows the same visitor's conversation.
        browser.switchTo().defaultContent();
        browser.executeScript("Closeloop.toggle()");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("closeloop-frame")));
        browser.get(app.uri("/chat?locale=zh-CN").toString());
        wait.until(said("bot", answer));
        assertThat(browser.findElement(By.id("chat-close")).isDisplayed()).isFalse();
        assertThat(texts("customer")).containsExactly("你们几点开门");
    }

    private void openShop(String path) {
        browser.get("http://127.0.0.1:" + shop.getAddress().getPort() + path);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("closeloop-launcher")));
        assertThat(browser.findElement(By.id("shop-heading")).getText()).isEqualTo("Teapot Shop");
    }

    private void enterPanel() {
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("closeloop-frame")));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("chat-input")));
    }

    /** The bodies of one author's messages in the panel, in order (read in one go, so nothing goes stale). */
    @SuppressWarnings("unchecked")
    private List<String> texts(String author) {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#chat-messages li.msg.' + arguments[0] + ' .msg-body'),"
                        + " e => e.textContent)", author);
    }

    private ExpectedCondition<Boolean> said(String author, String text) {
        return driver -> texts(author).stream().anyMatch(body -> body.contains(text));
    }

    /** The label shown above the message of {@code author} that contains {@code text}. */
    private String label(String author, String text) {
        return (String) browser.executeScript("""
                const li = Array.from(document.querySelectorAll('#chat-messages li.msg.' + arguments[0]))
                  .find(m => m.querySelector('.msg-body').textContent.includes(arguments[1]));
                return li.querySelector('.msg-author').textContent;
                """, author, text);
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertNoConsoleWarnings() {
        assertThat(consoleWarnings()).as("console errors, such as Content-Security-Policy violations").isEmpty();
    }

    /** Warnings and errors in the browser's console since the last call. */
    private List<String> consoleWarnings() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
