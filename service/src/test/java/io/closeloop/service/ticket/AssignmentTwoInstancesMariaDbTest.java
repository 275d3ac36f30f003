package io.closeloop.service.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Two service instances on one MariaDB database assign 400 tickets to 30 agents at once: no agent goes over
 * capacity, no ticket is lost, and each assignment is recorded once.
 */
class AssignmentTwoInstancesMariaDbTest {

    @Test
    void twoInstancesNeverOverfillAnAgentNorLoseATicket() {
        MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
        try (TestDatabase database = TestDatabase.mariadb();
                TestApp a = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of());
                TestApp b = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of())) {
            a.jdbi().useHandle(h -> {
                for (int i = 0; i < 30; i++) {
                    h.createUpdate("""
                            INSERT INTO agent (username, display_name, role, password_hash, status, languages, topics,
                                capacity, failed_logins, created_at)
                            VALUES (:u, :u, 'agent', 'x', 'online', 'en,zh-CN', '', :c, 0, :now)
                            """).bind("u", "agent" + i).bind("c", 5 + i % 6).bind("now", Instant.parse("2026-11-20T00:00:00Z"))
                            .execute();
                }
                for (int i = 0; i < 400; i++) {
                    h.createUpdate("""
                            INSERT INTO ticket (channel, address, locale, status, reason, summary, created_at, updated_at)
                            VALUES ('sms', :address, :locale, 'new', 'asked_for_human', 'help', :at, :at)
                            """).bind("address", "+1555000" + i).bind("locale", i % 3 == 0 ? "zh-CN" : "en")
                            .bind("at", Instant.parse("2026-11-20T01:00:00Z").plusSeconds(i)).execute();
                }
            });
            long capacity = a.jdbi().withHandle(h -> h.createQuery("SELECT SUM(capacity) FROM agent").mapTo(Long.class).one());

            CompletableFuture<Integer> byA = CompletableFuture.supplyAsync(() -> drain(a));
            CompletableFuture<Integer> byB = CompletableFuture.supplyAsync(() -> drain(b));
            int assigned = byA.join() + byB.join();

            assertThat(assigned).isEqualTo((int) Math.min(400, capacity));
            long overfull = a.jdbi().withHandle(h -> h.createQuery("""
                    SELECT COUNT(*) FROM agent a WHERE a.capacity < (SELECT COUNT(*) FROM ticket t
                      WHERE t.assignee_id = a.id AND t.status IN ('new', 'open', 'pending_customer'))
                    """).mapTo(Long.class).one());
            assertThat(overfull).isZero();
            long assignedRows = a.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ticket WHERE assignee_id IS NOT NULL")
                    .mapTo(Long.class).one());
            assertThat(assignedRows).isEqualTo(assigned);
            long audits = a.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_log WHERE action = 'assigned'")
                    .mapTo(Long.class).one());
            assertThat(audits).as("each assignment once").isEqualTo(assigned);
            long waiting = a.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ticket WHERE assignee_id IS NULL")
                    .mapTo(Long.class).one());
            assertThat(waiting).as("none lost: the rest wait").isEqualTo(400 - assigned);
        }
    }

    private static int drain(TestApp app) {
        int total = 0;
        for (int round = 0; round < 3; round++) {
            total += app.app().assignment().assignWaiting();
        }
        return total;
    }
}
