package io.closeloop.service.ticket;

import io.closeloop.service.conversation.ConversationDao;
import io.closeloop.service.conversation.ConversationState;

import io.closeloop.channels.PersonalData;
import io.closeloop.service.config.SupportConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening tickets, the same way for the bot's handoffs, survey detractors and negative feedback: one open ticket
 * per customer at a time (a new trigger joins the open one and can only raise its priority), and on a chat
 * channel the conversation waits for a person. The priority starts from the trigger's severity, plus one for a
 * valuable customer; waiting and breaches raise it later ({@link SlaMonitor}).
 */
public final class Tickets {
    private static final Logger LOG = LoggerFactory.getLogger(Tickets.class);
    public static final String GENERAL = "general";
    /** Severities: a question, a request for a person or a detractor, an angry complaint. */
    public static final int LOW = 0;
    public static final int NORMAL = 1;
    public static final int HIGH = 2;

    /** What opens a ticket. {@code topic} is an aspect (delivery, refund, …) or {@link #GENERAL}. */
    public record Trigger(Long customerId, String channel, String address, String locale, String reason,
                          String summary, String topic, int severity) {
        public Trigger {
            address = address == null ? "" : address;
            summary = summary.length() <= 500 ? summary : summary.substring(0, 500);
            topic = topic == null || topic.isBlank() ? GENERAL : topic;
        }
    }

    private final int detractorNps;
    private final int detractorCsat;
    private final BigDecimal valuableSpend;
    private final int valuablePurchases;
    private final Duration recentDetractor;
    private final BusinessHours hours;
    private final Duration firstResponse;
    private final Duration resolution;

    public Tickets(SupportConfig config, BusinessHours hours) {
        this.hours = hours;
        this.firstResponse = config.firstResponse().toJavaDuration();
        this.resolution = config.resolution().toJavaDuration();
        this.detractorNps = config.detractorNps();
        this.detractorCsat = config.detractorCsat();
        this.valuableSpend = config.valuableSpend();
        this.valuablePurchases = config.valuablePurchases();
        this.recentDetractor = config.recentDetractor().toJavaDuration();
    }

    /** Opens a ticket, or returns the customer's open one; call inside the triggering transaction. */
    public long open(Handle handle, Trigger trigger, Instant now) {
        TicketIntakeDao dao = handle.attach(TicketIntakeDao.class);
        Optional<Long> existing = trigger.customerId() == null ? Optional.empty() : dao.openTicketOf(trigger.customerId());
        int priority = trigger.severity() + (valuable(dao, trigger.customerId()) ? 1 : 0);
        long ticket;
        if (existing.isPresent()) {
            ticket = existing.get();
            dao.joinTicket(ticket, priority, trigger.topic(), now);
        } else {
            ticket = dao.openTicket(trigger, priority, hours.plus(now, firstResponse), hours.plus(now, resolution), now);
        }
        String channel = trigger.channel();
        if (!trigger.address().isEmpty() && !channel.equals("web")) {
            ConversationDao conversations = handle.attach(ConversationDao.class);
            conversations.lockOrCreate(channel, trigger.address(), now);
            conversations.update(channel, trigger.address(), ConversationState.WAITING, 0, null, ticket, now);
        }
        if (existing.isEmpty()) {
            LOG.info("Ticket {} opened for {} ({}, {}, priority {})", ticket, PersonalData.mask(trigger.address()),
                    trigger.reason(), trigger.topic(), priority);
        }
        return ticket;
    }

    /** NPS or CSAT at or below the configured thresholds. */
    public boolean isDetractor(String questionType, Integer score) {
        return score != null && (questionType.equals("nps") && score <= detractorNps
                || questionType.equals("csat") && score <= detractorCsat);
    }

    /** A very unhappy answer (NPS 0–3, CSAT 1) is more urgent than a mildly unhappy one. */
    public int detractorSeverity(String questionType, int score) {
        return questionType.equals("nps") && score <= 3 || questionType.equals("csat") && score <= 1 ? HIGH : NORMAL;
    }

    /** Whether the customer was a detractor recently and no ticket has been resolved for them since. */
    public boolean recentDetractor(Handle handle, Long customerId, Instant now) {
        if (customerId == null) {
            return false;
        }
        TicketIntakeDao dao = handle.attach(TicketIntakeDao.class);
        return dao.lastDetractorAnswer(customerId, now.minus(recentDetractor), detractorNps, detractorCsat)
                .filter(answeredAt -> !dao.resolvedSince(customerId, answeredAt)).isPresent();
    }

    private boolean valuable(TicketIntakeDao dao, Long customerId) {
        if (customerId == null) {
            return false;
        }
        TicketIntakeDao.Spend spend = dao.spendOf(customerId);
        return spend.purchases() >= valuablePurchases || spend.total().compareTo(valuableSpend) >= 0;
    }
}
