package io.closeloop.service.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.nlp.NlpModels;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.RecordingSender;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The language features through the running service: sentiment API, FAQ import and the bot's classification,
 * and a free-text survey answer analysed by the durable job queue into the export and the sentiment metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NlpServiceContract {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private final RecordingSender sender = new RecordingSender();
    private TestDatabase database;
    private TestApp app;
    private final ListAppender<ILoggingEvent> startUpLog = new ListAppender<>();
    private NlpModels.State modelsWhenTheFaqWasReady;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() throws InterruptedException {
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(sender),
                Map.of("nlp.enabled", "true", "nlp.demoFaq", "true"));
        // The models and the FAQ load a second after the server is up: time enough to listen to the log.
        startUpLog.start();
        for (Class<?> source : List.of(ModelsLoadedLog.class, Faq.class)) {
            Logger logger = (Logger) LoggerFactory.getLogger(source);
            logger.setLevel(Level.INFO);
            logger.addAppender(startUpLog);
        }
        for (int i = 0; i < 1200 && app.app().faq().model().isEmpty(); i++) {
            Thread.sleep(50);
        }
        modelsWhenTheFaqWasReady = app.app().nlpModels().state();
        assertThat(app.app().faq().model()).as("demo FAQ trained").isPresent();
        boolean ready = app.app().nlpModels().awaitReady(Duration.ofMinutes(3));
        assertThat(ready).as("models loaded: %s %s", app.app().nlpModels().state(),
                app.app().nlpModels().failure().orElse("")).isTrue();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void englishComplaintIsNegativeWithItsAspects() {
        JsonNode result = json(sentiment("{\"text\":\"The courier was rude and the box was crushed.\"}"), 200);
        assertThat(result.get("language").asText()).isEqualTo("en");
        assertThat(result.get("score").asDouble()).isNegative();
        assertThat(result.get("label").asText()).isIn("negative", "very_negative");
        assertThat(result.get("aspects").findValuesAsText("aspect")).contains("delivery", "packaging");
        assertThat(result.get("aspects").findValuesAsText("label")).allMatch(l -> l.contains("negative"));
    }

    @Test
    void chineseTextIsDetectedAndScored() {
        JsonNode complaint = json(sentiment("{\"text\":\"送餐太慢了，汤都洒了\"}"), 200);
        assertThat(complaint.get("language").asText()).isEqualTo("zh");
        assertThat(complaint.get("score").asDouble()).isNegative();
        JsonNode praise = json(sentiment("{\"text\":\"非常好吃，下次还点！\"}"), 200);
        assertThat(praise.get("score").asDouble()).isPositive();
        assertThat(praise.get("label").asText()).isIn("positive", "very_positive");
    }

    @Test
    void praiseAndComplaintTogetherAreMixed() {
        JsonNode result = json(sentiment("{\"text\":\"The food was delicious. The courier was rude and late.\"}"), 200);
        assertThat(result.get("label").asText()).isEqualTo("mixed");
        assertThat(result.get("sentences")).hasSize(2);
        assertThat(result.get("sentences").get(0).get("score").asDouble()).isPositive();
        assertThat(result.get("sentences").get(1).get("score").asDouble()).isNegative();
    }

    @Test
    void batchKeepsTheOrderOfItsTexts() {
        JsonNode results = json(app.postJsonWithKey("/api/v1/nlp/sentiment/batch",
                "{\"texts\":[\"Great service, thank you!\",\"快递太慢了\",\"Terrible. Never again.\"]}"), 200)
                .get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("score").asDouble()).isPositive();
        assertThat(results.get(1).get("language").asText()).isEqualTo("zh");
        assertThat(results.get(1).get("score").asDouble()).isNegative();
        assertThat(results.get(2).get("score").asDouble()).isNegative();
    }

    @Test
    void badInputGetsClearErrors() {
        JsonNode empty = json(sentiment("{\"text\":\"  \"}"), 422);
        assertThat(empty.get("code").asText()).isEqualTo("invalid_request");
        assertThat(empty.get("details").findValuesAsText("field")).containsExactly("text");
        JsonNode tooLong = json(sentiment("{\"text\":\"" + "a".repeat(5001) + "\"}"), 422);
        assertThat(tooLong.get("details").get(0).get("message").asText()).contains("5001").contains("5000");
        JsonNode language = json(sentiment("{\"text\":\"Bonjour\",\"language\":\"fr\"}"), 422);
        assertThat(language.get("details").findValuesAsText("field")).containsExactly("language");
        StringBuilder many = new StringBuilder("{\"texts\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("\"ok\"");
        }
        JsonNode batch = json(app.postJsonWithKey("/api/v1/nlp/sentiment/batch", many + "]}"), 422);
        assertThat(batch.get("details").get(0).get("message").asText()).contains("101");
        JsonNode malformed = json(sentiment("{\"text\":"), 400);
        assertThat(malformed.get("code").asText()).isNotBlank();
        assertThat(malformed.toString()).doesNotContain("Exception");
        assertThat(app.postJson("/api/v1/nlp/sentiment", "{\"text\":\"hi\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void theFaqIsReadyBeforeTheSlowerSentimentModels() {
        assertThat(modelsWhenTheFaqWasReady).isEqualTo(NlpModels.State.LOADING);
    }

    @Test
    void theLogSaysWhenTheModelsAndTheDemoFaqAreReady() {
        List<String> lines = startUpLog.list.stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(line -> line.matches(
                "Language models ready: loaded in \\d+\\.\\d s, heap [\\d,]+ MB used of ([\\d,]+ MB|no set limit)"));
        assertThat(lines).anyMatch(line -> line.matches(
                "FAQ ready: \\d+ intents, \\d+ questions, trained in \\d+\\.\\d s \\(the demo FAQ, loaded into an empty FAQ\\)"));
    }

    @Test
    void healthCheckReportsTheModelsReady() {
        HttpResponse<String> health = app.send(HttpRequest.newBuilder(app.adminUri("/healthcheck")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode nlp = json(health, 200).get("nlp");
        assertThat(nlp.get("healthy").asBoolean()).isTrue();
        assertThat(nlp.get("message").asText()).isEqualTo("ready");
    }

    @Test
    void theBotAnswersDemoQuestionsInTheirLanguageAndKnowsWhatItDoesNotKnow() {
        JsonNode faq = json(app.getWithKey("/api/v1/faq"), 200);
        assertThat(faq.get("entries").findValuesAsText("intent")).contains("returns", "refunds", "order_status",
                "opening_hours", "invoice");

        JsonNode returns = json(classify("{\"text\":\"I want to send back the shoes I bought, they don't fit\"}"), 200);
        assertThat(returns.get("intent").asText()).isEqualTo("returns");
        assertThat(returns.get("outOfScope").asBoolean()).isFalse();
        assertThat(returns.get("answer").asText()).matches("(?s).*[A-Za-z].*").doesNotContainPattern("\\p{IsHan}");

        JsonNode hours = json(classify("{\"text\":\"你们周日几点开门\"}"), 200);
        assertThat(hours.get("intent").asText()).isEqualTo("opening_hours");
        assertThat(hours.get("answer").asText()).containsPattern("\\p{IsHan}");

        JsonNode english = json(classify("{\"text\":\"你们周日几点开门\",\"locale\":\"en\"}"), 200);
        assertThat(english.get("answer").asText()).doesNotContainPattern("\\p{IsHan}");

        JsonNode unknown = json(classify("{\"text\":\"Can you recommend a good science fiction novel?\"}"), 200);
        assertThat(unknown.get("outOfScope").asBoolean()).isTrue();
        assertThat(unknown.get("intent").isNull()).isTrue();
        assertThat(unknown.get("answer").isNull()).isTrue();
        assertThat(unknown.get("alternatives")).isNotEmpty();

        JsonNode invalid = json(classify("{\"text\":\"\",\"locale\":\"xx-!!\"}"), 422);
        assertThat(invalid.get("details").findValuesAsText("field")).containsExactlyInAnyOrder("text", "locale");
    }

    @Test
    void aMalformedImportNamesTheLineAndChangesNothingAndAGoodOneRetrains() {
        String before = json(app.getWithKey("/api/v1/faq"), 200).get("entries").toString();
        String bad = "intent,locale,question,answer\n"
                + "hours,en,When do you open?,We open at 9.\n"
                + "hours,en,When do you close\n"
                + "\"broken,en,unclosed quote,answer\n";
        JsonNode refused = json(importCsv(bad), 422);
        assertThat(refused.get("code").asText()).isEqualTo("invalid_faq");
        assertThat(refused.get("message").asText()).contains("nothing changed");
        assertThat(refused.get("details").get(0).get("field").asText()).isIn("line 3", "line 4");
        assertThat(json(app.getWithKey("/api/v1/faq"), 200).get("entries").toString()).isEqualTo(before);

        JsonNode conflicting = json(importCsv("intent,locale,question,answer\n"
                + "a,en,q one,answer one\na,en,q two,another answer\nb,en,q three,answer b\n"), 422);
        assertThat(conflicting.get("details").get(0).get("field").asText()).isEqualTo("line 3");

        String small = """
                {"entries": [
                  {"intent": "greeting", "answers": {"en": "Hello! How can I help?"},
                   "questions": [{"locale": "en", "text": "hello"}, {"locale": "en", "text": "hi there"},
                                 {"locale": "en", "text": "good morning"}, {"locale": "en", "text": "hey"}]},
                  {"intent": "goodbye", "answers": {"en": "Goodbye!"},
                   "questions": [{"locale": "en", "text": "bye"}, {"locale": "en", "text": "see you later"},
                                 {"locale": "en", "text": "goodbye"}, {"locale": "en", "text": "talk to you later"}]}
                ]}""";
        try {
            JsonNode imported = json(app.postJsonWithKey("/api/v1/faq/import", small), 200);
            assertThat(imported.get("intents").asInt()).isEqualTo(2);
            assertThat(imported.get("questions").asInt()).isEqualTo(8);
            assertThat(json(app.getWithKey("/api/v1/faq"), 200).get("entries").findValuesAsText("intent"))
                    .containsExactly("greeting", "goodbye");
            JsonNode answer = json(classify("{\"text\":\"hello, good morning\"}"), 200);
            assertThat(answer.get("intent").asText()).isEqualTo("greeting");
            assertThat(answer.get("answer").asText()).isEqualTo("Hello! How can I help?");
        } finally {
            json(importCsv(demoFaq()), 200);
        }
        assertThat(json(app.getWithKey("/api/v1/faq"), 200).get("entries").toString()).isEqualTo(before);
    }

    @Test
    void anImportByAnotherInstanceIsPickedUpAndServedWithItsAnswers() {
        assertThat(app.app().faq().refreshIfChanged()).as("nothing changed yet").isFalse();
        // Another instance on the same database replaces the FAQ.
        app.jdbi().useTransaction(handle -> {
            FaqDao dao = handle.attach(FaqDao.class);
            dao.deleteAll();
            List<FaqRow> rows = new java.util.ArrayList<>();
            for (String q : List.of("do you sell gift cards", "can I buy a gift card", "gift voucher please",
                    "where do I get a gift card")) {
                rows.add(new FaqRow("gift_cards", "en", q, "Gift cards are sold in every store."));
            }
            for (String q : List.of("is there parking", "where can I park", "car park near the shop", "parking spaces")) {
                rows.add(new FaqRow("parking", "en", q, "There is free parking behind the store."));
            }
            dao.insert(rows);
        });
        try {
            assertThat(app.app().faq().refreshIfChanged()).isTrue();
            JsonNode answer = json(classify("{\"text\":\"can I buy a gift card for my mum\"}"), 200);
            assertThat(answer.get("intent").asText()).isEqualTo("gift_cards");
            assertThat(answer.get("answer").asText()).isEqualTo("Gift cards are sold in every store.");
            assertThat(app.app().faq().refreshIfChanged()).as("trained on this version already").isFalse();
        } finally {
            json(importCsv(demoFaq()), 200);
        }
    }

    @Test
    void aFreeTextAnswerIsAnalysedAsynchronouslyIntoTheExportAndTheMetrics() {
        String store = "store-" + UUID.randomUUID().toString().substring(0, 8);
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        JsonNode accepted = json(app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"" + store + "-1\","
                + "\"customer\":{\"externalId\":\"" + store + "-c\",\"email\":\"ann@example.com\",\"name\":\"Ann\","
                + "\"locale\":\"en\",\"timeZone\":\"Europe/London\"},\"purchasedAt\":\"2026-11-19T10:00:00Z\","
                + "\"deliveredAt\":\"2026-11-19T15:00:00Z\",\"store\":\"" + store + "\","
                + "\"products\":[{\"sku\":\"TEA-1\",\"name\":\"Green tea\"}]}"), 202);
        String url = accepted.get("surveyUrl").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        clock.set(Instant.parse("2026-11-20T15:00:00Z"));
        app.runScheduler();
        json(answer(token, "q1", "4"), 200);
        String range = "from=2026-11-20&to=2026-11-21&store=" + store;
        assertThat(json(app.getWithKey("/api/v1/metrics/sentiment?" + range), 200).get("analysed").asLong()).isZero();

        json(answer(token, "q3", "\"The delivery was two days late and the box was crushed.\""), 200);
        JsonNode waiting = json(app.getWithKey("/api/v1/metrics/sentiment?" + range), 200);
        assertThat(waiting.get("backlog").asLong()).isPositive();
        assertThat(waiting.get("analysed").asLong()).isZero();

        assertThat(app.app().answerAnalysis().runOnce()).isGreaterThanOrEqualTo(1);

        JsonNode figures = json(app.getWithKey("/api/v1/metrics/sentiment?" + range), 200);
        assertThat(figures.get("analysed").asLong()).isEqualTo(1);
        String reason = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT t.reason FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE c.external_id = :c")
                .bind("c", store + "-c").mapTo(String.class).one());
        assertThat(reason).as("a negative free-text answer gets a person's follow-up").isEqualTo("negative_feedback");
        assertThat(figures.get("labels").get("negative").asLong() + figures.get("labels").get("very_negative").asLong())
                .isEqualTo(1);
        assertThat(figures.get("meanScore").asDouble()).isNegative();
        assertThat(figures.get("topAspects").findValuesAsText("aspect")).contains("delivery", "packaging");
        assertThat(figures.get("topAspects").get(0).get("negative").asLong()).isEqualTo(1);
        assertThat(figures.get("backlog").asLong()).isZero();

        JsonNode export = json(app.getWithKey("/api/v1/responses?format=json&" + range), 200);
        JsonNode text = export.get("responses").get(0).get("answers").get(1);
        assertThat(text.get("sentiment").get("label").asText()).contains("negative");
        assertThat(text.get("sentiment").get("aspects").toString()).contains("delivery:").contains("packaging:");
        HttpResponse<String> csv = app.getWithKey("/api/v1/responses?format=csv&" + range);
        assertThat(csv.body()).contains("q3_sentiment").contains("packaging:");

        // Changing the answer (the survey is still open) queues it again; the new words replace the old figures.
        json(answer(token, "q3", "\"Actually it was all great, thank you!\""), 200);
        json(answer(token, "q2", "9"), 200);
        app.app().answerAnalysis().runOnce();
        JsonNode changed = json(app.getWithKey("/api/v1/metrics/sentiment?" + range), 200);
        assertThat(changed.get("analysed").asLong()).isEqualTo(1);
        assertThat(changed.get("meanScore").asDouble()).isPositive();
    }

    private HttpResponse<String> sentiment(String body) {
        return app.postJsonWithKey("/api/v1/nlp/sentiment", body);
    }

    private HttpResponse<String> classify(String body) {
        return app.postJsonWithKey("/api/v1/bot/classify", body);
    }

    private HttpResponse<String> answer(String token, String questionId, String valueJson) {
        clock.advance(Duration.ofSeconds(5));
        return app.postJson("/api/v1/surveys/" + token + "/answers",
                "{\"questionId\":\"" + questionId + "\",\"value\":" + valueJson + "}");
    }

    private HttpResponse<String> importCsv(String csv) {
        return app.send(HttpRequest.newBuilder(app.uri("/api/v1/faq/import"))
                .header("Authorization", "Bearer " + TestApp.API_KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    private static String demoFaq() {
        try (var in = NlpServiceContract.class.getResourceAsStream("/demo/faq.csv")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
