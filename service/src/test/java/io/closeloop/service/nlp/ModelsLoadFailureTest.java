package io.closeloop.service.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.closeloop.nlp.NlpModels;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A language model that cannot load says so in one line of the log, at once. */
class ModelsLoadFailureTest {

    @Test
    void aMissingChineseModelFailsAtOnceWithOneClearLine() throws InterruptedException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ModelsLoadedLog.class);
        try (TestDatabase database = TestDatabase.h2();
                TestApp app = TestApp.start(database, Clock.systemUTC(), TokenGenerator.secure(), List.of(),
                        Map.of("nlp.enabled", "true", "nlp.chineseSentimentModel", "/nowhere/zh-sentiment.ser.gz"))) {
            logger.addAppender(log);
            assertThat(app.app().nlpModels().awaitReady(Duration.ofSeconds(30))).isFalse();
            assertThat(app.app().nlpModels().state()).isEqualTo(NlpModels.State.FAILED);
            for (int i = 0; i < 100 && log.list.isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(log.list).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                assertThat(line.getFormattedMessage())
                        .matches("Language models failed to load after \\d+\\.\\d s \\(IllegalArgumentException: "
                                + "the Chinese sentiment model /nowhere/zh-sentiment.ser.gz does not exist or cannot "
                                + "be read\\): sentiment analysis is off until a restart, free-text answers wait in "
                                + "the analysis queue; heap .* MB used of .*")
                        .doesNotContain("\n");
                assertThat(line.getThrowableProxy()).isNull();
            });
        } finally {
            logger.detachAppender(log);
        }
    }
}
