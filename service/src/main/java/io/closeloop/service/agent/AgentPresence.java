package io.closeloop.service.agent;

import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.db.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * An agent's status follows their console: each open console page sends a heartbeat with how long its agent has
 * been idle. The first console of a sign-in makes the agent online; when every console has been idle for
 * {@code awayAfter}, or has closed or stopped beating, the agent is away; signing out makes them offline. Away
 * or offline chosen by a person (the agent, or a supervisor) stays until a person changes it or the agent signs
 * in again. An agent with no console at all (who works over the API) keeps the status they set.
 */
public final class AgentPresence {
    /** The console beats every 30 s; a hidden tab's timers may run only once a minute. */
    static final Duration CONSOLE_GONE = Duration.ofMinutes(2);
    /** A console that closed may be a reload: the agent stays as they are this long. */
    static final Duration RELOAD_GRACE = Duration.ofSeconds(10);
    /** Consoles not heard of for this long are forgotten. */
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final long MAX_IDLE_SECONDS = FORGET_AFTER.toSeconds();

    /** One console as presence sees it. */
    record Console(Instant lastSeenAt, Instant lastActiveAt, boolean closed) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration awayAfter;

    public AgentPresence(Jdbi jdbi, Clock clock, Duration awayAfter) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.awayAfter = awayAfter;
    }

    /** A console's heartbeat: it is open, and its agent has been idle this long. Returns the agent as now. */
    public Agents.Agent seen(Agents.Authenticated who, String consoleId, Long idleSeconds) {
        FieldProblems problems = new FieldProblems();
        checkConsoleId(consoleId, problems);
        if (idleSeconds == null || idleSeconds < 0) {
            problems.add("idleSeconds", "is required: seconds since the agent last used the console, 0 or more");
        }
        problems.throwIfAny();
        long agentId = who.agent().id();
        Instant now = now();
        Instant lastActive = now.minusSeconds(Math.min(idleSeconds, MAX_IDLE_SECONDS));
        return Transactions.retrying(jdbi, handle -> {
            AgentDao dao = handle.attach(AgentDao.class);
            if (dao.openConsole(who.tokenHash(), now) == 1) {
                // Signing in to the console starts a shift: an earlier "away" or "offline" by hand ends here.
                dao.clearManualStatus(agentId);
            }
            if (dao.touchConsole(agentId, consoleId, who.tokenHash(), now, lastActive) == 0) {
                dao.insertConsole(agentId, consoleId, who.tokenHash(), now, lastActive);
            }
            apply(dao, agentId, dao.consolesOf(agentId), now);
            return Agents.Agent.of(dao.byId(agentId).orElseThrow());
        });
    }

    /** The console page is closing (or reloading): the agent goes away unless another console is open. */
    public void closed(Agents.Authenticated who, String consoleId) {
        FieldProblems problems = new FieldProblems();
        checkConsoleId(consoleId, problems);
        problems.throwIfAny();
        jdbi.useExtension(AgentDao.class, dao -> dao.closeConsole(who.agent().id(), consoleId, now()));
    }

    /** The background pass: agents whose consoles went quiet, closed or idle; returns how many changed. */
    public int check() {
        Instant now = now();
        Map<Long, List<AgentDao.ConsoleRow>> byAgent = new LinkedHashMap<>();
        jdbi.withExtension(AgentDao.class, AgentDao::consolesOfAutomaticAgents)
                .forEach(row -> byAgent.computeIfAbsent(row.agentId(), id -> new ArrayList<>()).add(row));
        int changed = 0;
        for (Map.Entry<Long, List<AgentDao.ConsoleRow>> agent : byAgent.entrySet()) {
            if (decide(agent.getValue(), now).isEmpty()) {
                continue;
            }
            // Read again: a heartbeat may have come in since.
            long agentId = agent.getKey();
            if (jdbi.inTransaction(handle -> {
                AgentDao dao = handle.attach(AgentDao.class);
                return apply(dao, agentId, dao.consolesOf(agentId), now);
            })) {
                changed++;
            }
        }
        jdbi.useExtension(AgentDao.class, dao -> dao.deleteConsolesSeenBefore(now.minus(FORGET_AFTER)));
        return changed;
    }

    /** Signing out ends this session's consoles; with none open elsewhere the agent is offline. */
    static void signedOut(Handle handle, Agents.Authenticated who, Instant now) {
        AgentDao dao = handle.attach(AgentDao.class);
        long agentId = who.agent().id();
        dao.deleteConsolesOfSession(who.tokenHash());
        boolean openElsewhere = dao.consolesOf(agentId).stream()
                .anyMatch(c -> !c.closed() && !c.lastSeenAt().isBefore(now.minus(CONSOLE_GONE)));
        AgentRow agent = dao.byId(agentId).orElseThrow();
        if (!openElsewhere && !agent.status().equals("offline")) {
            dao.setStatus(agentId, "offline", false);
            dao.audit(agentId, "status", null, "offline (automatic: signed out)", now);
        }
    }

    private boolean apply(AgentDao dao, long agentId, List<AgentDao.ConsoleRow> rows, Instant now) {
        Optional<Change> change = decide(rows, now);
        if (change.isEmpty() || dao.changeStatusAutomatically(agentId, rows.get(0).status(), change.get().status()) == 0) {
            return false;
        }
        dao.audit(agentId, "status", null, change.get().status() + " (automatic: " + change.get().why() + ")", now);
        return true;
    }

    private Optional<Change> decide(List<AgentDao.ConsoleRow> rows, Instant now) {
        if (rows.isEmpty() || rows.get(0).statusManual()) {
            return Optional.empty();
        }
        return decide(rows.get(0).status(),
                rows.stream().map(r -> new Console(r.lastSeenAt(), r.lastActiveAt(), r.closed())).toList(), now, awayAfter);
    }

    /** A status presence sets, and why. */
    record Change(String status, String why) {
    }

    /** What the agent's consoles say about an agent whose status no person chose; empty: leave it. */
    static Optional<Change> decide(String status, List<Console> consoles, Instant now, Duration awayAfter) {
        if (consoles.isEmpty()) {
            return Optional.empty();
        }
        Instant goneBefore = now.minus(CONSOLE_GONE);
        List<Console> open = consoles.stream().filter(c -> !c.closed() && !c.lastSeenAt().isBefore(goneBefore)).toList();
        boolean active = open.stream().anyMatch(c -> !c.lastActiveAt().isBefore(now.minus(awayAfter)));
        if (active) {
            return status.equals("online") ? Optional.empty() : Optional.of(new Change("online", "console in use"));
        }
        if (!status.equals("online")) {
            return Optional.empty();
        }
        if (!open.isEmpty()) {
            return Optional.of(new Change("away", "idle for " + readable(awayAfter)));
        }
        boolean reloading = consoles.stream()
                .anyMatch(c -> c.closed() && !c.lastSeenAt().isBefore(now.minus(RELOAD_GRACE)));
        return reloading ? Optional.empty() : Optional.of(new Change("away", "no console open"));
    }

    private static String readable(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + (seconds == 60 ? " minute" : " minutes") : seconds + " seconds";
    }

    private static void checkConsoleId(String consoleId, FieldProblems problems) {
        if (consoleId == null || !consoleId.matches("[A-Za-z0-9_-]{8,64}")) {
            problems.add("consoleId", "must be 8-64 letters, digits, '-' or '_'");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
