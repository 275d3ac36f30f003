package io.closeloop.service.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.closeloop.nlp.intent.IntentModel;
import io.closeloop.service.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The demo FAQ at start-up never undoes an import: it goes only into an FAQ that is empty when it is written,
 * whether the import came through the same instance or another one on the same database.
 */
abstract class FaqStartUpContract {

    private TestDatabase database;
    private Jdbi jdbi;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger faqLogger = (Logger) LoggerFactory.getLogger(Faq.class);

    abstract TestDatabase.Kind kind();

    @BeforeEach
    void emptyDatabase() {
        database = TestDatabase.create(kind());
        jdbi = database.migratedJdbi();
        log.start();
        faqLogger.addAppender(log);
        faqLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void dropDatabase() {
        faqLogger.detachAppender(log);
        if (database != null) {
            database.close();
        }
    }

    @Test
    void anImportTrainingWhileTheDemoLoadStartsIsKept() throws Exception {
        Faq faq = new Faq(jdbi);
        String shop = syntheticFaq("shop", 12, 40);
        CompletableFuture<Void> importing = CompletableFuture.runAsync(() -> faq.importCsv(shop));
        awaitTraining(importing);

        // The start-up load finds the FAQ empty: the import is still training, not yet stored.
        faq.loadStored(Optional.of(demoFaq()));
        importing.get(2, TimeUnit.MINUTES);

        assertThat(storedIntents()).allMatch(intent -> intent.startsWith("shop_")).hasSize(12);
        assertThat(faq.entries()).hasSize(12);
        assertThat(faq.classify(question("shop", 3, 0), Optional.of("en")).intent()).isEqualTo("shop_3");
        assertThat(messages()).contains("The demo FAQ was not loaded: an FAQ was imported meanwhile")
                .anyMatch(m -> m.startsWith("FAQ ready: 12 intents, 480 questions, trained in ") && m.endsWith("(imported)"));
    }

    @Test
    void anImportThroughAnotherInstanceWhileTheDemoTrainsIsKept() throws Exception {
        Faq starting = new Faq(jdbi);
        Faq other = new Faq(database.migratedJdbi());
        // A large "demo" keeps the starting instance training long enough for the other one to import.
        String demo = syntheticFaq("demo", 20, 60);
        CompletableFuture<Void> startUp = CompletableFuture.runAsync(() -> starting.loadStored(Optional.of(demo)));
        awaitTraining(startUp);

        other.importCsv(syntheticFaq("shop", 3, 10));
        startUp.get(2, TimeUnit.MINUTES);

        assertThat(storedIntents()).containsExactlyInAnyOrder("shop_0", "shop_1", "shop_2");
        assertThat(starting.entries()).hasSize(3);
        // The starting instance serves the other's import, not the demo it trained.
        assertThat(starting.classify(question("shop", 1, 0), Optional.of("en")).intent()).isEqualTo("shop_1");
    }

    @Test
    void theDemoFillsAnEmptyFaqOnceAndARestartKeepsAnImport() throws IOException {
        String demo = demoFaq();
        Faq first = new Faq(jdbi);
        first.loadStored(Optional.of(demo));
        long demoRows = storedRows();
        assertThat(demoRows).isGreaterThan(100);
        assertThat(messages()).anyMatch(m -> m.startsWith("FAQ ready: ")
                && m.endsWith("(the demo FAQ, loaded into an empty FAQ)"));
        // Another instance starting on the same database finds it filled and serves it.
        Faq second = new Faq(database.migratedJdbi());
        second.loadStored(Optional.of(demo));
        assertThat(storedRows()).isEqualTo(demoRows);
        assertThat(second.trained()).isTrue();

        first.importCsv(syntheticFaq("shop", 2, 5));
        Faq restarted = new Faq(database.migratedJdbi());
        restarted.loadStored(Optional.of(demo));
        assertThat(storedIntents()).containsExactlyInAnyOrder("shop_0", "shop_1");
        assertThat(restarted.entries()).hasSize(2);
    }

    /** Waits until the task is inside the matcher's training, which holds no database lock. */
    private static void awaitTraining(CompletableFuture<?> task) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            boolean training = Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
                    .anyMatch(frame -> frame.getClassName().equals(IntentModel.class.getName())
                            && frame.getMethodName().equals("train")));
            if (training) {
                return;
            }
            assertThat(task).as("the task ended before it was seen training").isNotDone();
            Thread.sleep(5);
        }
        throw new AssertionError("the matcher never started training");
    }

    /** An FAQ whose intents each have their own vocabulary: {@code prefix_0 .. prefix_(intents-1)}. */
    static String syntheticFaq(String prefix, int intents, int questionsEach) {
        StringBuilder csv = new StringBuilder("intent,locale,question,answer\n");
        for (int intent = 0; intent < intents; intent++) {
            for (int q = 0; q < questionsEach; q++) {
                csv.append(prefix).append('_').append(intent).append(",en,").append(question(prefix, intent, q))
                        .append(",The answer to ").append(prefix).append(' ').append(intent).append('\n');
            }
        }
        return csv.toString();
    }

    private static String question(String prefix, int intent, int q) {
        Random random = new Random(31L * intent + q);
        StringBuilder text = new StringBuilder("please tell me about");
        for (int w = 0; w < 6; w++) {
            text.append(' ').append(prefix).append(intent).append("word").append(random.nextInt(12));
        }
        return text.toString();
    }

    private static String demoFaq() throws IOException {
        try (InputStream in = Faq.class.getResourceAsStream("/demo/faq.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> storedIntents() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT intent FROM faq_entry").mapTo(String.class).list());
    }

    private long storedRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM faq_entry").mapTo(Long.class).one());
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
