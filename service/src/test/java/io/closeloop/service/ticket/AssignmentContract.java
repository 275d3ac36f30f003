package io.closeloop.service.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Automatic assignment: language, capacity, least loaded and round-robin, waiting tickets as capacity frees. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AssignmentContract {
    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private TestDatabase database;
    private TestApp app;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of());
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
    void ticketsGoToOnlineAgentsWhoSpeakTheLanguageWithinCapacityAndWaitOtherwise() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        long ann = agent("ann-" + run, "en", 2, "online");
        long bob = agent("bob-" + run, "en,zh-CN", 2, "online");
        long mei = agent("mei-" + run, "zh-CN", 1, "online");
        long off = agent("off-" + run, "en,zh-CN", 5, "offline");
        long[] english = new long[6];
        for (int i = 0; i < english.length; i++) {
            english[i] = ticket("en", i);
        }
        long chinese1 = ticket("zh-CN", 10);
        long chinese2 = ticket("zh-CN", 11);

        app.app().assignment().assignWaiting();

        assertThat(openTickets(ann)).isEqualTo(2);
        assertThat(openTickets(bob)).isEqualTo(2);
        assertThat(openTickets(mei)).isEqualTo(1);
        assertThat(openTickets(off)).as("offline agents get nothing").isZero();
        assertThat(assigneeOf(chinese1)).isIn(bob, mei);
        long unassigned = count("SELECT COUNT(*) FROM ticket WHERE assignee_id IS NULL AND status IN ('new', 'open')");
        assertThat(unassigned).as("8 tickets, capacity 5").isEqualTo(3);
        assertThat(assigneeOf(english[0])).as("oldest first").isNotNull();
        assertThat(assigneeOf(english[5])).as("the newest English ticket waits").isNull();

        // Ann resolves one: the oldest waiting English ticket goes to her on the next pass.
        long annsFirst = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT MIN(id) FROM ticket WHERE assignee_id = :a").bind("a", ann).mapTo(Long.class).one());
        app.jdbi().useHandle(h -> h.execute("UPDATE ticket SET status = 'resolved' WHERE id = ?", annsFirst));
        app.app().assignment().assignWaiting();
        assertThat(openTickets(ann)).isEqualTo(2);
        assertThat(assigneeOf(chinese2)).as("no Chinese speaker has room").isNull();
    }

    private long agent(String username, String languages, int capacity, String status) {
        return app.jdbi().withHandle(h -> {
            long id = h.createUpdate("""
                    INSERT INTO agent (username, display_name, role, password_hash, status, languages, topics, capacity,
                        failed_logins, created_at)
                    VALUES (:u, :u, 'agent', 'x', :s, :l, '', :c, 0, :now)
                    """).bind("u", username).bind("s", status).bind("l", languages).bind("c", capacity)
                    .bind("now", Instant.parse("2026-11-20T00:00:00Z"))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return id;
        });
    }

    private long ticket(String locale, int minute) {
        return app.jdbi().withHandle(h -> h.createUpdate("""
                INSERT INTO ticket (channel, address, locale, status, reason, summary, created_at, updated_at)
                VALUES ('sms', :address, :locale, 'new', 'asked_for_human', 'help', :at, :at)
                """).bind("address", "+1555" + UUID.randomUUID().toString().substring(0, 7).hashCode())
                .bind("locale", locale).bind("at", Instant.parse("2026-11-20T01:00:00Z").plusSeconds(60L * minute))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private long openTickets(long agent) {
        return app.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM ticket WHERE assignee_id = :a AND status IN ('new', 'open', 'pending_customer')")
                .bind("a", agent).mapTo(Long.class).one());
    }

    private Long assigneeOf(long ticket) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT assignee_id FROM ticket WHERE id = :id")
                .bind("id", ticket).mapTo(Long.class).findOne().orElse(null));
    }

    private long count(String sql) {
        return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
