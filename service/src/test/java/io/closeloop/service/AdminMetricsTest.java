package io.closeloop.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator reads on the admin port's {@code /metrics}. */
class AdminMetricsTest {

    @Test
    void everyThreadPoolOfTheServiceHasAMetricNamedAfterIt() throws Exception {
        try (TestDatabase database = TestDatabase.h2();
                TestApp app = TestApp.start(database, Clock.systemUTC(), TokenGenerator.secure(), List.of(),
                        Map.of("scheduler.enabled", "true"))) {
            JsonNode metrics = Jackson.newObjectMapper().readTree(
                    app.send(HttpRequest.newBuilder(app.adminUri("/metrics")).GET().build()).body());
            List<String> names = new ArrayList<>();
            for (String kind : List.of("gauges", "counters", "histograms", "meters", "timers")) {
                metrics.get(kind).fieldNames().forEachRemaining(names::add);
            }
            assertThat(names).isNotEmpty().noneMatch(name -> name.contains("%"));
            for (String pool : List.of("faq-refresh", "nlp-loader", "nlp-batch", "wechat-handler")) {
                assertThat(names).contains(pool + ".created", pool + ".running", pool + ".terminated");
            }
            assertThat(names).contains("nlp.analysis.backlog");
        }
    }
}
