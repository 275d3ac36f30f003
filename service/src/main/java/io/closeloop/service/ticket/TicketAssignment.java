package io.closeloop.service.ticket;

import io.closeloop.service.conversation.ConversationDao;
import io.closeloop.service.agent.AgentDao;
import io.closeloop.service.agent.AgentPresence;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives waiting tickets to online agents who speak the customer's language and handle the ticket's topic (an
 * agent's skills; none listed: every topic): the least loaded first, round-robin
 * between equals, never over an agent's capacity. Each assignment locks the agent's row and takes the ticket
 * with a conditional update, so several instances on one database never put two agents on one ticket or an
 * agent over capacity; a ticket nobody can take waits, highest priority then oldest first, until someone frees
 * up.
 */
public final class TicketAssignment implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(TicketAssignment.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration interval;
    private final SlaMonitor sla;
    private final AgentPresence presence;
    private ScheduledExecutorService loop;

    /**
     * @param sla      checked before each pass, so breached tickets (a higher priority) go first
     * @param presence brought up to date before each pass, so an agent who left the console gets nothing
     */
    public TicketAssignment(Jdbi jdbi, Clock clock, Duration interval, SlaMonitor sla, AgentPresence presence) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.interval = interval;
        this.sla = sla;
        this.presence = presence;
    }

    @Override
    public void start() {
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ticket-assignment");
            thread.setDaemon(true);
            return thread;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                presence.check();
                sla.check();
                assignWaiting();
            } catch (RuntimeException e) {
                LOG.warn("ticket assignment failed: {}", io.closeloop.channels.PersonalData.scrub(e.toString()));
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.shutdownNow();
        }
    }

    /** One pass over the waiting tickets; returns how many it assigned. */
    public int assignWaiting() {
        int assigned = 0;
        for (AssignmentDao.Waiting ticket : jdbi.withExtension(AssignmentDao.class, dao -> dao.waiting(500))) {
            if (assignOne(ticket)) {
                assigned++;
            }
        }
        return assigned;
    }

    private boolean assignOne(AssignmentDao.Waiting ticket) {
        String language = ticket.locale().toLowerCase(Locale.ROOT).split("-")[0];
        List<AssignmentDao.Candidate> candidates = jdbi.withExtension(AssignmentDao.class, AssignmentDao::candidates);
        for (AssignmentDao.Candidate candidate : candidates) {
            if (candidate.openTickets() >= candidate.capacity() || !speaks(candidate.languages(), language)
                    || !handles(candidate.topics(), ticket.topic()) || Long.valueOf(candidate.id()).equals(ticket.returnedBy())) {
                continue;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            boolean done = jdbi.inTransaction(handle -> {
                AssignmentDao dao = handle.attach(AssignmentDao.class);
                if (dao.lockOnlineAgent(candidate.id()).isEmpty() || dao.load(candidate.id()) >= candidate.capacity()) {
                    return false;
                }
                if (dao.assign(ticket.id(), candidate.id(), now) == 0) {
                    return false;
                }
                dao.assigned(candidate.id(), now);
                handle.attach(ConversationDao.class).handedTo(ticket.id(), true);
                handle.attach(AgentDao.class).audit(candidate.id(), "assigned", ticket.id(), "automatic", now);
                return true;
            });
            if (done) {
                return true;
            }
            if (jdbi.withExtension(TicketDao.class, dao -> dao.byId(ticket.id()))
                    .map(t -> t.assigneeId() != null).orElse(true)) {
                return false;
            }
        }
        return false;
    }

    /** An agent without listed topics takes any; a general ticket goes to anyone. */
    static boolean handles(String topics, String topic) {
        if (topics.isBlank() || topic.equals(Tickets.GENERAL)) {
            return true;
        }
        for (String skill : topics.split(",")) {
            if (skill.strip().equals(topic)) {
                return true;
            }
        }
        return false;
    }

    static boolean speaks(String languages, String language) {
        for (String tag : languages.split(",")) {
            if (tag.toLowerCase(Locale.ROOT).split("-")[0].equals(language)) {
                return true;
            }
        }
        return false;
    }
}
