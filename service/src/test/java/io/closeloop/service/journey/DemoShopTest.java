package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The demo shop's endpoint: a purchase through the purchase intake, without the API key, and a survey link that
 * works; served only where a configuration turns it on, which only config/local.yml does.
 */
class DemoShopTest {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");

    @Test
    void anOrderFromTheDemoPageIsAPurchaseWithAWorkingSurveyLink() throws Exception {
        try (TestDatabase database = TestDatabase.h2(); TestApp app = TestApp.start(database, clock)) {
            HttpResponse<String> page = app.get("/demo");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'none'", "script-src 'self'", "frame-src 'self'")
                    .doesNotContain("unsafe-inline");

            JsonNode order = json(app.postJson("/api/v1/demo/orders", "{}"), 201);
            assertThat(order.get("orderId").asText()).matches("DEMO-[0-9A-Z]{10}");
            assertThat(order.get("status").asText()).isEqualTo("scheduled");
            assertThat(order.get("channel").asText()).isEqualTo("web");
            String surveyUrl = order.get("surveyUrl").asText();
            assertThat(surveyUrl).contains("/s/");
            String token = surveyUrl.substring(surveyUrl.lastIndexOf('/') + 1);
            JsonNode survey = json(app.get("/api/v1/surveys/" + token), 200);
            assertThat(survey.get("state").asText()).isEqualTo("open");
            String stored = app.jdbi().withHandle(h -> h.createQuery(
                    "SELECT store FROM purchase WHERE order_id = :o").bind("o", order.get("orderId").asText())
                    .mapTo(String.class).one());
            assertThat(stored).isEqualTo("demo-shop");

            // With a name, a phone and Chinese: an SMS survey in Chinese, for a new demo customer each time.
            JsonNode chinese = json(app.postJson("/api/v1/demo/orders",
                    "{\"name\":\"王芳\",\"phone\":\"+8613800138001\",\"locale\":\"zh-CN\"}"), 201);
            assertThat(chinese.get("channel").asText()).isEqualTo("sms");
            JsonNode again = json(app.postJson("/api/v1/demo/orders",
                    "{\"name\":\"王芳\",\"phone\":\"+8613800138001\",\"locale\":\"zh-CN\"}"), 201);
            assertThat(again.get("status").asText()).as("no frequency cap between demo orders").isEqualTo("scheduled");
            String zhToken = chinese.get("surveyUrl").asText().replaceAll(".*/", "");
            assertThat(json(app.get("/api/v1/surveys/" + zhToken), 200).get("locale").asText()).isEqualTo("zh-CN");

            JsonNode invalid = json(app.postJson("/api/v1/demo/orders", "{\"phone\":\"12345\"}"), 422);
            assertThat(invalid.get("details").findValuesAsText("field")).containsExactly("customer.phone");
            assertThat(app.send(java.net.http.HttpRequest.newBuilder(app.uri("/api/v1/demo/orders"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=x")).build()).statusCode())
                    .as("another site's plain form").isEqualTo(415);
        }
    }

    @Test
    void withoutTheSwitchThereIsNoDemo() {
        try (TestDatabase database = TestDatabase.h2();
                TestApp app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(),
                        Map.of("demo.enabled", "false"))) {
            assertThat(app.get("/demo").statusCode()).isEqualTo(404);
            HttpResponse<String> order = app.postJson("/api/v1/demo/orders", "{}");
            assertThat(order.statusCode()).isEqualTo(404);
            assertThat(order.body()).startsWith("{").contains("\"code\"");
            long purchases = app.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM purchase")
                    .mapTo(Long.class).one());
            assertThat(purchases).isZero();
        }
    }

    @Test
    void onlyTheLocalConfigurationTurnsTheDemoOn() throws Exception {
        Assumptions.assumeTrue(System.getenv("CLOSELOOP_API_KEY") == null && System.getenv("CLOSELOOP_DB_URL") == null,
                "CLOSELOOP_API_KEY or CLOSELOOP_DB_URL is set here");
        Path configs = Path.of(TestApp.configPath()).getParent();
        assertThat(load(configs.resolve("local.yml")).getDemo().enabled()).isTrue();
        Path mysql = Files.createTempFile("closeloop-mysql", ".yml");
        try {
            Files.writeString(mysql, Files.readString(configs.resolve("mysql.yml"))
                    .replace("${CLOSELOOP_DB_URL}", "jdbc:mysql://127.0.0.1:3306/closeloop")
                    .replace("${CLOSELOOP_DB_USER}", "closeloop")
                    .replace("${CLOSELOOP_API_KEY}", "a-production-api-key-0123456789"));
            assertThat(load(mysql).getDemo().enabled()).isFalse();
        } finally {
            Files.delete(mysql);
        }
        assertThat(new CloseloopConfiguration().getDemo().enabled()).as("the default").isFalse();
    }

    private static CloseloopConfiguration load(Path file) throws Exception {
        return new YamlConfigurationFactory<>(CloseloopConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw").build(new SubstitutingSourceProvider(
                        new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true, true)),
                file.toString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
