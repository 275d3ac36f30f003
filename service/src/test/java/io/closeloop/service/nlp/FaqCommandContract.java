package io.closeloop.service.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.closeloop.service.CloseloopApplication;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.CloseloopProcess;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faq import <file> <config>} against an H2 or a MariaDB database configured by the shipped
 * {@code config/local.yml} or {@code config/mysql.yml}: the service then answers from the imported FAQ.
 */
abstract class FaqCommandContract {

    @TempDir
    Path folder;
    private TestDatabase database;
    private Path config;

    abstract TestDatabase.Kind kind();

    @BeforeEach
    void emptyDatabaseAndItsConfiguration() throws Exception {
        database = TestDatabase.create(kind());
        Path shipped = Path.of(TestApp.configPath()).getParent();
        String yaml;
        if (kind() == TestDatabase.Kind.H2) {
            yaml = Files.readString(shipped.resolve("local.yml"))
                    .replace("${CLOSELOOP_DATA_DIR:-./data}", database.folder().toString());
        } else {
            yaml = Files.readString(shipped.resolve("mysql.yml"))
                    .replace("${CLOSELOOP_DB_URL}", database.url())
                    .replace("${CLOSELOOP_DB_USER}", database.user())
                    .replace("${CLOSELOOP_API_KEY}", "cli-test-api-key-0123456789");
        }
        config = folder.resolve("closeloop.yml");
        Files.writeString(config, yaml);
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void anFaqImportedIntoAnEmptyDatabaseIsWhatTheServiceAnswersFrom() throws Exception {
        Path csv = write("shop.csv", FaqStartUpContract.syntheticFaq("shop", 3, 8));
        Result imported = faq("import", csv.toString(), config.toString());
        assertThat(imported.failure()).isEmpty();
        assertThat(imported.out()).startsWith("Imported " + csv + " into ")
                .contains(": 3 intents, 24 questions, trained in ")
                .contains("A running service picks it up within 30 seconds.")
                .doesNotContain("password");

        // The demo FAQ is on: it does not replace what the command imported.
        try (TestApp app = TestApp.start(database, Clock.systemUTC(), TokenGenerator.secure(), List.of(),
                Map.of("nlp.demoFaq", "true"))) {
            awaitTrained(app);
            JsonNode answer = classify(app, "please tell me about shop2word3 shop2word7");
            assertThat(answer.get("intent").asText()).isEqualTo("shop_2");
            assertThat(answer.get("answer").asText()).isEqualTo("The answer to shop 2");
            assertThat(json(app.getWithKey("/api/v1/faq").body()).get("entries")).hasSize(3);
        }
    }

    @Test
    void aRunningServicePicksUpAJsonImportAtItsNextRefresh() throws Exception {
        try (TestApp app = TestApp.start(database, Clock.systemUTC(), TokenGenerator.secure(), List.of(),
                Map.of("nlp.demoFaq", "true"))) {
            awaitTrained(app);
            assertThat(classify(app, "营业时间？").get("intent").asText()).isEqualTo("opening_hours");
            Path file = write("faq.json", """
                    {"entries": [
                      {"intent": "opening_hours", "answers": {"en": "We open 8-20.", "zh-CN": "每天 8 点到 20 点营业。"},
                       "questions": [{"locale": "zh-CN", "text": "营业时间？"}, {"locale": "zh-CN", "text": "你们几点开门"},
                                     {"locale": "en", "text": "When are you open?"}, {"locale": "en", "text": "opening hours"}]},
                      {"intent": "delivery", "answers": {"en": "Two days.", "zh-CN": "两天送达。"},
                       "questions": [{"locale": "zh-CN", "text": "多久能送到"}, {"locale": "en", "text": "How long is delivery?"},
                                     {"locale": "en", "text": "when will my parcel arrive"}]}
                    ]}""");
            assertThat(faq("import", file.toString(), config.toString()).failure()).isEmpty();

            // What the service's 30-second refresh runs.
            assertThat(app.app().faq().refreshIfChanged()).isTrue();
            JsonNode answer = classify(app, "营业时间？");
            assertThat(answer.get("intent").asText()).isEqualTo("opening_hours");
            assertThat(answer.get("answer").asText()).isEqualTo("每天 8 点到 20 点营业。");
            assertThat(json(app.getWithKey("/api/v1/faq").body()).get("entries")).hasSize(2);
        }
    }

    @Test
    void aBadFileIsRefusedWithEveryProblemAndChangesNothing() throws Exception {
        Path bad = write("bad.csv", """
                intent,locale,question,answer
                delivery,en,How long does delivery take?,Two days.
                delivery,xx,Wie lange dauert es?,Zwei Tage.
                returns,en,,You can return it within 30 days.
                refunds,en,Where is my refund?
                """);
        Result refused = faq("import", bad.toString(), config.toString());
        assertThat(refused.failure()).isPresent();
        assertThat(refused.err().strip()).isEqualTo("closeloop faq: " + bad + " was not imported; nothing changed. 3 problems:\n"
                + "  line 3: locale 'xx' is not a language tag such as en or zh-CN\n"
                + "  line 4: question must be 1-500 characters\n"
                + "  line 5: has 3 fields; expected 4");
        assertThat(refused.out()).isEmpty();
        // Not even the tables were created.
        assertThat(tables()).doesNotContain("faq_entry");

        Path good = write("shop.csv", FaqStartUpContract.syntheticFaq("shop", 2, 5));
        assertThat(faq("import", good.toString(), config.toString()).failure()).isEmpty();
        Path broken = write("broken.json", "{\"entries\": [{\"intent\": \"x\",}]}");
        Result notJson = faq("import", broken.toString(), config.toString());
        assertThat(notJson.failure()).isPresent();
        assertThat(notJson.err().strip()).startsWith("closeloop faq: " + broken + " was not imported; nothing changed. It is not the JSON")
                .contains("(line 1, column ").doesNotContain("\n").doesNotContain("at com.");
        Result missing = faq("import", folder.resolve("nowhere.csv").toString(), config.toString());
        assertThat(missing.err().strip()).isEqualTo("closeloop faq: There is no FAQ file " + folder.resolve("nowhere.csv")
                + ": give the path of a CSV or JSON FAQ file.");
        assertThat(storedIntents()).containsExactlyInAnyOrder("shop_0", "shop_1");
    }

    @Test
    void theDemoGoesOnlyIntoAnEmptyFaq() throws Exception {
        Result demo = faq("import", "--demo", config.toString());
        assertThat(demo.failure()).isEmpty();
        assertThat(demo.out()).startsWith("Imported the demo FAQ into ");
        List<String> demoIntents = storedIntents();
        assertThat(demoIntents).contains("opening_hours", "delivery_time", "refunds");

        Path shop = write("shop.csv", FaqStartUpContract.syntheticFaq("shop", 2, 5));
        assertThat(faq("import", shop.toString(), config.toString()).failure()).isEmpty();
        Result again = faq("import", "--demo", config.toString());
        assertThat(again.failure()).isPresent();
        assertThat(again.err().strip())
                .isEqualTo("closeloop faq: The FAQ already has 10 questions; the demo FAQ only goes into an empty FAQ. Nothing changed.");
        assertThat(storedIntents()).containsExactlyInAnyOrder("shop_0", "shop_1");
        assertThat(faq("import", config.toString()).err()).contains("faq import <file.csv|file.json> <config>");
    }

    @Test
    void theJarCommandExitsNonZeroOnABadFileWithOnlyTheProblems() throws Exception {
        Path bad = write("bad.csv", "intent,locale,question\nx,en,hello\n");
        CloseloopProcess.Result result = CloseloopProcess.run(Map.of(), 120, "faq", "import", bad.toString(),
                config.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output().strip()).isEqualTo("closeloop faq: " + bad + " was not imported; nothing changed. 1 problem:\n"
                + "  line 1: the header must be intent,locale,question,answer");
    }

    // --- helpers -----------------------------------------------------------------------------------------

    record Result(Optional<Throwable> failure, String out, String err) {
    }

    /** Runs the jar's command line in this JVM, as {@code java -jar closeloop.jar ...} would, without exiting. */
    private static Result faq(String... arguments) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream standardOut = System.out;
        List<String> args = new ArrayList<>(List.of("faq"));
        args.addAll(List.of(arguments));
        Optional<Throwable> failure;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            failure = new CloseloopApplication().commandLine(out, err, args.toArray(String[]::new));
        } finally {
            System.setOut(standardOut);
        }
        return new Result(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(folder.resolve(name), content);
    }

    private static void awaitTrained(TestApp app) throws InterruptedException {
        for (int i = 0; i < 600 && !app.app().faq().trained(); i++) {
            Thread.sleep(50);
        }
        assertThat(app.app().faq().trained()).as("the FAQ trained at start-up").isTrue();
    }

    private static JsonNode classify(TestApp app, String text) throws Exception {
        var response = app.postJsonWithKey("/api/v1/bot/classify", "{\"text\":" + Jackson.newObjectMapper()
                .writeValueAsString(text) + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonNode json(String body) throws Exception {
        return Jackson.newObjectMapper().readTree(body);
    }

    private List<String> tables() throws Exception {
        List<String> names = new ArrayList<>();
        if (kind() == TestDatabase.Kind.H2 && !Files.exists(database.folder().resolve("closeloop.mv.db"))) {
            return names;
        }
        try (Connection connection = database.dataSource().getConnection();
                ResultSet rs = connection.getMetaData().getTables(connection.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return names;
    }

    private List<String> storedIntents() {
        return database.migratedJdbi().withHandle(h -> h.createQuery("SELECT DISTINCT intent FROM faq_entry")
                .mapTo(String.class).list());
    }
}
