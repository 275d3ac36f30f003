package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmokeTest {
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void starts(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
                TestApp app = TestApp.start(db, MutableClock.at("2026-11-20T10:00:00Z"))) {
            var r = app.postJsonWithKey("/api/v1/purchases", """
                    {"orderId":"o1","customer":{"externalId":"c1","name":"李雷","locale":"zh-CN","timeZone":"Asia/Shanghai"},
                     "purchasedAt":"2026-11-19T10:00:00+08:00"}""");
            System.out.println(r.statusCode() + " " + r.body());
            assertThat(r.statusCode()).isEqualTo(202);
        }
    }
}
