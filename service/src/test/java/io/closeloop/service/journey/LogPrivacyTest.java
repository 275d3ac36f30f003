package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.closeloop.service.http.ErrorMappers;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the application log says about customers: enough to follow what happened, none of their data. */
class LogPrivacyTest {

    private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private TestDatabase database;
    private TestApp app;

    @BeforeEach
    void start() {
        database = TestDatabase.h2();
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of("logging.level", "INFO",
                "sms.enabled", "true", "sms.sender", "log", "surveys.quietHoursStart", "00:00",
                "surveys.quietHoursEnd", "00:00"));
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stop() {
        root().detachAppender(log);
        app.close();
        database.close();
    }

    /** The root logger of the service's logging, whichever logging context it was last configured in. */
    private static Logger root() {
        return ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private String logged() {
        return log.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aTextAndASurveyLinkAreLoggedWithoutNameOrderNumberOrToken() throws Exception {
        String accepted = app.postJsonWithKey("/api/v1/purchases", """
                {"orderId": "ORD-73519", "customer": {"externalId": "c-1", "name": "Annabel Quist",
                 "phone": "+14155550123", "locale": "en"}, "purchasedAt": "2026-11-18T10:00:00Z"}""").body();
        String web = app.postJsonWithKey("/api/v1/purchases", """
                {"orderId": "ORD-73520", "customer": {"externalId": "c-2", "name": "Bo Li", "locale": "en"},
                 "channel": "web", "purchasedAt": "2026-11-18T10:00:00Z"}""").body();
        app.runScheduler();
        app.app().outbox().runOnce();

        String token = accepted.replaceFirst("(?s).*/s/([A-Za-z0-9_-]+).*", "$1");
        String webToken = web.replaceFirst("(?s).*/s/([A-Za-z0-9_-]+).*", "$1");
        String logged = logged();
        assertThat(logged).contains("SMS to +14*****0123").contains("Web link for customer");
        assertThat(logged).doesNotContain("Annabel").doesNotContain("ORD-73519").doesNotContain("+14155550123")
                .doesNotContain(token).doesNotContain(webToken).doesNotContain("Bo Li");
        // The developer playing the customer still reads the text, in the transcript next to the database.
        String transcript = Files.readString(database.folder().resolve("texts.log"));
        assertThat(transcript).contains("to +14155550123: ").contains("Annabel").contains("ORD-73519");
    }

    @Test
    void anUnexpectedErrorIsLoggedWithoutTheValuesItNames() {
        new ErrorMappers.Unexpected().toResponse(new IllegalStateException("insert failed",
                new java.sql.SQLDataException("Value too long for column \"NAME\": \"'Annabel Quist +14155550123' (400)\"")));
        assertThat(logged()).contains("Value too long for column").contains("Unexpected error")
                .doesNotContain("Annabel").doesNotContain("4155550123");
    }
}
