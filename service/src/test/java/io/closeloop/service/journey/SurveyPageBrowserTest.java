package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.testing.HeadlessChromium;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
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
 * The survey page as a customer on a phone sees it: the real service, a real headless Chromium at a 360px wide
 * phone viewport, tapping through the survey. Debian's chromium and chromium-driver are used directly, so
 * nothing is downloaded. Without them the tests are skipped, except with CI=true, where they fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurveyPageBrowserTest {

    private static final int PHONE_WIDTH = 360;
    private static final int PHONE_HEIGHT = 780;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    private TestDatabase database;
    private TestApp app;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        chromium = HeadlessChromium.start(options -> {
            options.addArguments("--window-size=" + PHONE_WIDTH + "," + PHONE_HEIGHT);
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT, "pixelRatio", 2.0, "touch", true),
                    "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/126.0 Mobile Safari/537.36"));
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        });
        browser = chromium.browser();
        database = TestDatabase.h2();
        app = TestApp.start(database, clock);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
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
    void anEnglishCustomerAnswersOnAPhoneAndADetractorIsToldSomeoneWillFollowUp() {
        String token = newSurvey("en");
        browser.manage().logs().get(LogType.BROWSER);
        open(token);

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(script("return window.innerWidth")).isEqualTo((long) PHONE_WIDTH);
        awaitQuestion("How satisfied are you with your order?");
        assertThat(text("#progress")).isEqualTo("Question 1 of 3");
        assertThat(browser.findElements(By.id("back"))).allMatch(back -> !back.isDisplayed());
        assertThat(text(".scale-low")).isEqualTo("Very dissatisfied");
        assertThat(text(".scale-high")).isEqualTo("Very satisfied");
        assertScaleFitsThePhone(1, 5);
        screenshot("en-1-csat");

        tap(4);
        awaitQuestion("How likely are you to recommend us to a friend?");
        assertThat(text("#progress")).isEqualTo("Question 2 of 3");
        assertThat(text("#back")).isEqualTo("Back");
        assertThat(text(".scale-low")).contains("Not at all likely");
        assertThat(text(".scale-high")).contains("Extremely likely");
        assertScaleFitsThePhone(0, 10);
        screenshot("en-2-nps");

        tap(3);
        awaitQuestion("Sorry to hear that. What went wrong?");
        assertThat(text("#progress")).isEqualTo("Question 3 of 3");
        WebElement answer = browser.findElement(By.id("answer-text"));
        assertThat(answer.getAttribute("placeholder")).isEqualTo("Type your answer here");
        assertThat(text("#counter")).isEqualTo("1,000 characters left");
        assertThat(browser.findElement(By.id("send")).isEnabled()).as("Send waits for some text").isFalse();
        String complaint = "The parcel came two days late and the box was crushed.";
        answer.sendKeys(complaint);
        assertThat(text("#counter")).isEqualTo((1000 - complaint.length()) + " characters left");
        assertThat(text("#skip")).isEqualTo("Skip");
        assertNoHorizontalOverflow();
        screenshot("en-3-text");

        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".thanks")));
        assertThat(text(".thanks h1")).isEqualTo("Thank you!");
        assertThat(text(".thanks")).contains("Your answers help us do better.")
                .contains("We are sorry it was not better. Someone from our team will follow up with you.");
        assertNoHorizontalOverflow();
        screenshot("en-4-thanks");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("console errors, such as Content-Security-Policy violations")
                .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .extracting(LogEntry::getMessage).isEmpty();

        JsonNode survey = surveyFromApi(token);
        assertThat(survey.get("state").asText()).isEqualTo("completed");
        assertThat(survey.get("followUp").asBoolean()).isTrue();
        assertThat(survey.get("answers").get("q1").asInt()).isEqualTo(4);
        assertThat(survey.get("answers").get("q2").asInt()).isEqualTo(3);
        assertThat(survey.get("answers").get("q3").asText()).isEqualTo(complaint);
        // The server's clock stands still in this test, so time spent can only come from the page.
        assertThat(millisSpentPerQuestion(token)).hasSize(3).allSatisfy(ms -> assertThat(ms).isBetween(1L, 60_000L));

        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".thanks")));
        assertThat(browser.findElements(By.cssSelector(".scale-btn, #answer-text"))).isEmpty();
    }

    @Test
    void aChineseCustomerSeesChineseLabelsAndCanSkipTheTextQuestion() {
        String token = newSurvey("zh-CN");
        open(token);

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        awaitQuestion("您对这次订单满意吗？");
        assertThat(browser.getTitle()).isEqualTo("请评价您的订单");
        assertThat(text("#survey-title")).isEqualTo("请评价您的订单");
        assertThat(text("#progress")).isEqualTo("第 1 题，共 3 题");
        assertThat(text(".scale-low")).isEqualTo("非常不满意");
        assertThat(text(".scale-high")).isEqualTo("非常满意");
        assertScaleFitsThePhone(1, 5);

        tap(5);
        awaitQuestion("您有多大可能向朋友推荐我们？");
        assertThat(text("#progress")).isEqualTo("第 2 题，共 3 题");
        assertThat(text("#back")).isEqualTo("上一题");
        assertThat(text(".scale-low")).contains("完全不可能");
        assertThat(text(".scale-high")).contains("非常可能");
        screenshot("zh-2-nps");

        tap(10);
        awaitQuestion("您最喜欢的是哪一点？");
        assertThat(browser.findElement(By.id("answer-text")).getAttribute("placeholder")).isEqualTo("请在这里输入您的回答");
        assertThat(text("#counter")).isEqualTo("还可以输入 1,000 个字");
        assertThat(text("#send")).isEqualTo("提交");
        assertThat(text("#skip")).isEqualTo("跳过");
        assertNoHorizontalOverflow();
        screenshot("zh-3-text");

        browser.findElement(By.id("skip")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".thanks")));
        assertThat(text(".thanks h1")).isEqualTo("谢谢您！");
        assertThat(text(".thanks")).contains("您的反馈将帮助我们做得更好。").doesNotContain("我们的同事会尽快与您联系");
        screenshot("zh-4-thanks");

        JsonNode survey = surveyFromApi(token);
        assertThat(survey.get("state").asText()).isEqualTo("completed");
        assertThat(survey.get("answers").get("q1").asInt()).isEqualTo(5);
        assertThat(survey.get("answers").get("q2").asInt()).isEqualTo(10);
        assertThat(survey.get("answers").has("q3")).as("q3 is answered, by skipping").isTrue();
        assertThat(survey.get("answers").get("q3").isNull()).isTrue();
    }

    @Test
    void backShowsTheEarlierAnswerAndTappingAnotherOneReplacesIt() {
        String token = newSurvey("en");
        open(token);
        awaitQuestion("How satisfied are you with your order?");
        tap(2);
        awaitQuestion("How likely are you to recommend us to a friend?");

        browser.findElement(By.id("back")).click();
        awaitQuestion("How satisfied are you with your order?");
        assertThat(pressedValues()).containsExactly("2");
        screenshot("back-1-earlier-answer");
        tap(5);
        awaitQuestion("How likely are you to recommend us to a friend?");
        assertThat(pressedValues()).isEmpty();

        tap(9);
        awaitQuestion("What did you like most?");
        browser.findElement(By.id("back")).click();
        awaitQuestion("How likely are you to recommend us to a friend?");
        assertThat(pressedValues()).containsExactly("9");
        tap(7);
        awaitQuestion("Thanks. What could we do better?");

        // Going back two questions and changing the first answer keeps the second and lets the customer go on.
        browser.findElement(By.id("back")).click();
        awaitQuestion("How likely are you to recommend us to a friend?");
        browser.findElement(By.id("back")).click();
        awaitQuestion("How satisfied are you with your order?");
        assertThat(pressedValues()).containsExactly("5");
        tap(4);
        awaitQuestion("How likely are you to recommend us to a friend?");
        assertThat(pressedValues()).containsExactly("7");
        browser.findElement(By.id("next")).click();
        awaitQuestion("Thanks. What could we do better?");

        JsonNode survey = surveyFromApi(token);
        assertThat(survey.get("state").asText()).isEqualTo("open");
        assertThat(survey.get("answers").get("q1").asInt()).isEqualTo(4);
        assertThat(survey.get("answers").get("q2").asInt()).isEqualTo(7);
        assertThat(survey.get("nextQuestionId").asText()).isEqualTo("q3");
    }

    @Test
    void aReloadResumesAtTheNextQuestionWithTheTypedTextKept() {
        String token = newSurvey("en");
        open(token);
        awaitQuestion("How satisfied are you with your order?");
        tap(5);
        awaitQuestion("How likely are you to recommend us to a friend?");
        tap(10);
        awaitQuestion("What did you like most?");
        browser.findElement(By.id("answer-text")).sendKeys("Fast delivery");

        browser.navigate().refresh();
        awaitQuestion("What did you like most?");
        assertThat(text("#progress")).isEqualTo("Question 3 of 3");
        assertThat(browser.findElement(By.id("answer-text")).getAttribute("value")).isEqualTo("Fast delivery");

        browser.findElement(By.id("answer-text")).sendKeys(" and friendly staff");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".thanks")));
        assertThat(browser.findElements(By.cssSelector(".thanks .followup"))).isEmpty();
        assertThat(surveyFromApi(token).get("answers").get("q3").asText()).isEqualTo("Fast delivery and friendly staff");
    }

    @Test
    void whenTheNetworkFailsTheCustomerIsAskedToRetryAndKeepsTheTypedText() {
        String token = newSurvey("en");
        open(token);
        awaitQuestion("How satisfied are you with your order?");
        tap(3);
        awaitQuestion("How likely are you to recommend us to a friend?");
        tap(8);
        awaitQuestion("Thanks. What could we do better?");
        String suggestion = "More colours, please.";
        browser.findElement(By.id("answer-text")).sendKeys(suggestion);

        setOffline(true);
        try {
            browser.findElement(By.id("send")).click();
            wait.until(ExpectedConditions.textToBe(By.id("error"), "We could not save your answer. Please try again."));
            assertThat(browser.findElement(By.id("answer-text")).getAttribute("value")).isEqualTo(suggestion);
            assertThat(text("#progress")).isEqualTo("Question 3 of 3");
            screenshot("offline-retry");
        } finally {
            setOffline(false);
        }

        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".thanks")));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        assertThat(surveyFromApi(token).get("answers").get("q3").asText()).isEqualTo(suggestion);
    }

    @Test
    void anUnknownLinkSaysTheSurveyWasNotFound() {
        browser.get(app.uri("/s/NoSuchSurvey0123456789").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notfound")));
        assertThat(text(".notfound h1")).isEqualTo("Survey not found");
        assertThat(text(".notfound")).contains("Please check the link you received.");
        screenshot("notfound");
    }

    @Test
    void anExpiredSurveySaysItHasClosed() {
        String token = newSurvey("en");
        clock.advance(Duration.ofDays(2));
        assertThat(app.runScheduler()).as("invitations sent").isPositive();
        clock.advance(Duration.ofDays(4));
        open(token);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".closed")));
        assertThat(text(".closed h1")).isEqualTo("This survey has closed");
        assertThat(text(".closed")).contains("This survey can no longer be answered.");
        assertThat(browser.findElements(By.cssSelector(".scale-btn"))).isEmpty();
        screenshot("closed");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A new purchase from a new customer; returns the token of its survey link. */
    private String newSurvey(String locale) {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = app.postJsonWithKey("/api/v1/purchases", """
                {"orderId":"order-%s","customer":{"externalId":"customer-%s","name":"Alex","locale":"%s",
                 "timeZone":"UTC"},"purchasedAt":"%s"}""".formatted(id, id, locale,
                clock.instant().minus(1, ChronoUnit.HOURS)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String url = read(response.body()).get("surveyUrl").asText();
        return url.substring(url.lastIndexOf("/s/") + 3);
    }

    private void open(String token) {
        browser.get(app.uri("/s/" + token).toString());
    }

    private JsonNode surveyFromApi(String token) {
        HttpResponse<String> response = app.get("/api/v1/surveys/" + token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return read(response.body());
    }

    private List<Long> millisSpentPerQuestion(String token) {
        return app.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT a.duration_ms FROM survey_answer a JOIN survey_invitation i ON i.id = a.invitation_id
                        WHERE i.token = :token ORDER BY a.question_id""")
                .bind("token", token).mapTo(Long.class).list());
    }

    private void awaitQuestion(String question) {
        wait.until(ExpectedConditions.textToBe(By.id("question"), question));
    }

    /** Taps a scale button, as a thumb would: the answer is saved at once. */
    private void tap(int value) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".scale-btn[data-value='" + value + "']")))
                .click();
    }

    private List<String> pressedValues() {
        return browser.findElements(By.cssSelector(".scale-btn[aria-pressed='true']")).stream()
                .map(b -> b.getAttribute("data-value")).toList();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private Object script(String js) {
        return browser.executeScript(js);
    }

    private void assertScaleFitsThePhone(int min, int max) {
        List<WebElement> buttons = browser.findElements(By.cssSelector(".scale-btn"));
        assertThat(buttons).extracting(b -> b.getAttribute("data-value"))
                .containsExactlyElementsOf(Stream.iterate(min, v -> v <= max, v -> v + 1).map(String::valueOf).toList());
        assertThat(buttons).allSatisfy(button -> {
            assertThat(button.getTagName()).isEqualTo("button");
            assertThat(button.isDisplayed()).isTrue();
            assertThat(button.getRect().getHeight()).as("height of button %s", button.getText()).isGreaterThanOrEqualTo(44);
            assertThat(button.getRect().getWidth()).as("width of button %s", button.getText()).isGreaterThanOrEqualTo(44);
        });
        assertNoHorizontalOverflow();
    }

    private void assertNoHorizontalOverflow() {
        assertThat(script("return document.documentElement.clientWidth")).isEqualTo((long) PHONE_WIDTH);
        assertThat(script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("the page scrolls sideways at %dpx", PHONE_WIDTH).isEqualTo(true);
    }

    private void setOffline(boolean offline) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
