package io.closeloop.service.ticket;

import io.closeloop.service.i18n.Messages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * What a customer handed to a person is told about the wait: "once we open on Monday 09:00" outside business
 * hours; otherwise the typical first-response time of the last week, longer when more tickets wait in their
 * language than the online agents have room for, and never beyond the first-response promise.
 */
public final class WaitEstimate {
    private static final Duration HISTORY = Duration.ofDays(7);

    private final BusinessHours hours;
    private final Duration firstResponse;
    private final Messages messages;

    public WaitEstimate(BusinessHours hours, Duration firstResponse, Messages messages) {
        this.hours = hours;
        this.firstResponse = firstResponse;
        this.messages = messages;
    }

    /** The end of "a person will reply here, …", in the customer's language; call after opening the ticket. */
    public String phrase(Handle handle, String locale, Instant now) {
        if (!hours.isOpen(now)) {
            return messages.get(locale, "bot.eta.closed", hours.describe(hours.nextOpening(now), locale));
        }
        Duration promise = Duration.between(now, hours.plus(now, firstResponse));
        Duration wait = estimate(handle, locale, now, promise);
        if (wait.compareTo(Duration.ofMinutes(60)) < 0) {
            long minutes = Math.max(5, (wait.toMinutes() + 4) / 5 * 5);
            return messages.get(locale, "bot.eta.minutes", minutes);
        }
        return messages.get(locale, "bot.eta.hours", (wait.toMinutes() + 59) / 60);
    }

    private Duration estimate(Handle handle, String locale, Instant now, Duration promise) {
        AssignmentDao dao = handle.attach(AssignmentDao.class);
        String language = locale.toLowerCase(Locale.ROOT).split("-")[0];
        List<Duration> recent = dao.recentResponses(now.minus(HISTORY)).stream()
                .map(r -> Duration.between(r.createdAt(), r.firstResponseAt())).sorted().toList();
        Duration typical = recent.isEmpty() ? promise : recent.get(recent.size() / 2);
        long ahead = Math.max(0, dao.waitingIn(language + "%") - 1);
        long agents = 0;
        long room = 0;
        for (AssignmentDao.Candidate agent : dao.candidates()) {
            if (TicketAssignment.speaks(agent.languages(), language)) {
                agents++;
                room += Math.max(0, agent.capacity() - agent.openTickets());
            }
        }
        Duration wait = agents == 0 ? promise
                : room > ahead ? typical : typical.multipliedBy(1 + (ahead - room) / agents);
        return wait.compareTo(promise) < 0 ? wait : promise;
    }
}
