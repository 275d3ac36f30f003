package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.OutboundMessage;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.RecordingSender;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two service instances on one MariaDB database: every invitation is sent once, by one of them. */
class TwoInstancesMariaDbTest {

    @Test
    void eachInvitationIsSentExactlyOnceWhenTwoInstancesShareTheDatabase() {
        MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
        RecordingSender first = new RecordingSender();
        RecordingSender second = new RecordingSender();
        try (TestDatabase database = TestDatabase.mariadb();
                TestApp a = TestApp.start(database, clock, TokenGenerator.secure(), List.of(first), Map.of("scheduler.batchSize", "7"));
                TestApp b = TestApp.start(database, clock, TokenGenerator.secure(), List.of(second), Map.of("scheduler.batchSize", "7"))) {
            List<String> invitations = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                TestApp via = i % 2 == 0 ? a : b;
                String body = "{\"orderId\":\"two-" + i + "\",\"customer\":{\"externalId\":\"two-c" + i
                        + "\",\"timeZone\":\"Asia/Shanghai\"},\"purchasedAt\":\"2026-11-19T01:00:00Z\"}";
                String response = via.postJsonWithKey("/api/v1/purchases", body).body();
                invitations.add(response.replaceAll(".*\"invitationId\":\"([^\"]+)\".*", "$1"));
            }
            CompletableFuture<Integer> runA = CompletableFuture.supplyAsync(() -> drain(a));
            CompletableFuture<Integer> runB = CompletableFuture.supplyAsync(() -> drain(b));
            int sentByA = runA.join();
            int sentByB = runB.join();

            assertThat(sentByA + sentByB).isEqualTo(80);
            List<String> keys = new ArrayList<>();
            for (RecordingSender sender : List.of(first, second)) {
                for (String id : invitations) {
                    sender.sentFor(id).stream().map(OutboundMessage::idempotencyKey).forEach(keys::add);
                }
            }
            assertThat(keys).hasSize(80).doesNotHaveDuplicates();
        }
    }

    private static int drain(TestApp app) {
        int total = 0;
        for (int round = 0; round < 40; round++) {
            total += app.runScheduler();
        }
        return total;
    }
}
