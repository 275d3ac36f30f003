package io.closeloop.bench;

import io.closeloop.service.ticket.TicketAssignment;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Ticket assignment latency with 10,000 open tickets among 50 online agents (issue 6): each round queues one new
 * ticket and times the assignment pass that gives it to the least loaded agent who speaks its language. The
 * baseline in the same run is one trivial query through the same connection pool.
 *
 * <p>{@code java -cp ... io.closeloop.bench.AssignmentBench h2|mariadb} (MariaDB: CLOSELOOP_DB_URL naming a
 * closeloop_bench_* database on 127.0.0.1, CLOSELOOP_DB_USER, CLOSELOOP_API_KEY).
 */
public final class AssignmentBench {
    private static final int AGENTS = 50;
    private static final int OPEN_TICKETS = 10_000;
    private static final int ROUNDS = 1_000;
    private static final Map<String, String> QUIET = Map.of("scheduler.enabled", "false", "nlp.enabled", "false",
            "nlp.demoFaq", "false");

    private AssignmentBench() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        ServiceBench.OnServer work = (name, config, server, apiKey) -> run(name, server);
        if (database.equals("mariadb")) {
            ServiceBench.onMariaDb(null, QUIET, work);
        } else {
            ServiceBench.onH2(null, QUIET, work);
        }
    }

    private static void run(String database, BenchServer server) {
        Jdbi jdbi = server.app().jdbi();
        TicketAssignment assignment = server.app().assignment();
        Instant at = Instant.parse("2026-11-20T00:00:00Z");
        jdbi.useTransaction(h -> {
            var agents = h.prepareBatch("""
                    INSERT INTO agent (username, display_name, role, password_hash, status, languages, topics, capacity,
                        failed_logins, created_at)
                    VALUES (:u, :u, 'agent', 'x', 'online', :l, '', 1000, 0, :at)
                    """);
            for (int i = 0; i < AGENTS; i++) {
                agents.bind("u", "bench-agent-" + i).bind("l", i % 5 == 0 ? "zh-CN" : "en,zh-CN").bind("at", at).add();
            }
            agents.execute();
        });
        long firstAgent = jdbi.withHandle(h -> h.createQuery("SELECT MIN(id) FROM agent WHERE username LIKE 'bench-agent-%'").mapTo(Long.class).one());
        jdbi.useTransaction(h -> {
            var tickets = h.prepareBatch("""
                    INSERT INTO ticket (channel, address, locale, status, reason, summary, assignee_id, created_at, updated_at)
                    VALUES ('sms', :a, :l, 'open', 'asked_for_human', 'help', :agent, :at, :at)
                    """);
            for (int i = 0; i < OPEN_TICKETS; i++) {
                tickets.bind("a", "+1555" + (1_000_000 + i)).bind("l", i % 3 == 0 ? "zh-CN" : "en")
                        .bind("agent", firstAgent + i % AGENTS).bind("at", at.plusSeconds(i)).add();
            }
            tickets.execute();
        });
        double[] assign = new double[ROUNDS];
        double[] bare = new double[ROUNDS];
        for (int round = -100; round < ROUNDS; round++) {
            int i = round;
            jdbi.useHandle(h -> h.createUpdate("""
                    INSERT INTO ticket (channel, address, locale, status, reason, summary, created_at, updated_at)
                    VALUES ('sms', :a, :l, 'new', 'asked_for_human', 'help', :at, :at)
                    """).bind("a", "+1666" + (1_000_000 + i + 100)).bind("l", i % 2 == 0 ? "en" : "zh-CN")
                    .bind("at", at.plusSeconds(OPEN_TICKETS + 100 + i)).execute());
            long started = System.nanoTime();
            int assigned = assignment.assignWaiting();
            long assignNanos = System.nanoTime() - started;
            if (assigned != 1) {
                throw new IllegalStateException("round " + round + " assigned " + assigned);
            }
            started = System.nanoTime();
            jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            long bareNanos = System.nanoTime() - started;
            if (round >= 0) {
                assign[round] = assignNanos / 1e6;
                bare[round] = bareNanos / 1e6;
            }
        }
        long overfull = jdbi.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM agent a WHERE a.capacity < (SELECT COUNT(*) FROM ticket t WHERE t.assignee_id = a.id
                  AND t.status IN ('new', 'open', 'pending_customer'))""").mapTo(Long.class).one());
        Arrays.sort(assign);
        Arrays.sort(bare);
        ServiceBench.REPORT.printf(Locale.ROOT, "%n## Ticket assignment, %s, %s%n%n", database, Instant.now());
        ServiceBench.REPORT.printf(Locale.ROOT, "%d online agents, %d open tickets already assigned; %d rounds (after "
                + "100 warm-up rounds) of: queue one ticket, time `TicketAssignment.assignWaiting()` giving it to the least "
                + "loaded agent who speaks its language. Baseline: `SELECT 1` through the same pool, same rounds.%n%n",
                AGENTS, OPEN_TICKETS, ROUNDS);
        ServiceBench.REPORT.printf(Locale.ROOT, "| | p50 | p90 | p99 | max |%n|---|---|---|---|---|%n");
        row("assignment pass (one ticket)", assign);
        row("baseline `SELECT 1`", bare);
        ServiceBench.REPORT.printf(Locale.ROOT, "%nagents over capacity at the end: %d%n", overfull);
        ServiceBench.REPORT.printf(Locale.ROOT, "SUMMARY assignment %s: p50 %.2f ms, p99 %.2f ms (aim p99 < 50 ms); "
                + "p50 / baseline p50 = %.1f%n", database, pct(assign, 0.5), pct(assign, 0.99), pct(assign, 0.5) / pct(bare, 0.5));
    }

    private static void row(String name, double[] sorted) {
        ServiceBench.REPORT.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", name, pct(sorted, 0.5),
                pct(sorted, 0.9), pct(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
