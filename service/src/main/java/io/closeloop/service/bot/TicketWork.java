package io.closeloop.service.bot;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.service.agent.AgentDao;
import io.closeloop.service.agent.Agents;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.survey.Messages;
import io.closeloop.service.survey.SupportedLocales;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What agents do with tickets: take one, reply on the customer's own channel, write notes, resolve (which asks
 * the customer whether the problem is solved) and reopen. Every action is in the audit log.
 */
public final class TicketWork {
    static final String FOLLOWUP = "followup";
    private static final int MAX_TEXT = 1600;

    private final Jdbi jdbi;
    private final Map<Channel, MessageSender> senders;
    private final Messages messages;
    private final Clock clock;

    public TicketWork(Jdbi jdbi, Map<Channel, MessageSender> senders, Messages messages, Clock clock) {
        this.jdbi = jdbi;
        this.senders = Map.copyOf(senders);
        this.messages = messages;
        this.clock = clock;
    }

    public TicketDao.TicketRow claim(Agents.Agent agent, long id) {
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            TicketDao.TicketRow ticket = dao.lock(id).orElseThrow(() -> notFound(id));
            if (dao.claim(id, agent.id(), now) == 0) {
                throw new DomainException(409, "ticket_taken", ticket.assigneeId() != null
                        ? "Another agent has this ticket." : "This ticket is " + ticket.status() + ".");
            }
            audit(handle, agent, "claim", id, null, now);
            return dao.byId(id).orElseThrow();
        });
    }

    /** Replies to the customer on the ticket's channel; the reply is stored before it is sent. */
    public TicketDao.TicketMessage reply(Agents.Agent agent, long id, String text) {
        String body = checkText(text);
        Instant now = now();
        TicketDao.TicketRow ticket = jdbi.withExtension(TicketDao.class, dao -> dao.byId(id)).orElseThrow(() -> notFound(id));
        if (ticket.address().isEmpty() || channel(ticket).isEmpty()) {
            throw new DomainException(409, "no_reply_channel",
                    "This customer has no chat address to reply to (" + ticket.channel() + ").");
        }
        long messageId = jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            TicketDao.TicketRow locked = dao.lock(id).orElseThrow();
            requireWorkable(locked, agent, dao, now);
            long stored = dao.addMessage(id, "reply", agent.id(), body, "sending", now);
            dao.markFirstResponse(id, now);
            dao.setStatus(id, "pending_customer", now);
            audit(handle, agent, "reply", id, null, now);
            return stored;
        });
        SendResult result = send(ticket, body, "ticket:" + id + ":message:" + messageId);
        String delivery = result.outcome().name().toLowerCase(java.util.Locale.ROOT);
        jdbi.useExtension(TicketDao.class, dao -> dao.setDelivery(messageId, delivery));
        return jdbi.withExtension(TicketDao.class, dao -> dao.messages(id)).stream()
                .filter(m -> m.id() == messageId).findFirst().orElseThrow();
    }

    public TicketDao.TicketMessage note(Agents.Agent agent, long id, String text) {
        String body = checkText(text);
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            dao.lock(id).orElseThrow(() -> notFound(id));
            long stored = dao.addMessage(id, "note", agent.id(), body, null, now);
            audit(handle, agent, "note", id, null, now);
            return dao.messages(id).stream().filter(m -> m.id() == stored).findFirst().orElseThrow();
        });
    }

    /** Resolves the ticket and asks the customer, on their channel, whether the problem is solved. */
    public TicketDao.TicketRow resolve(Agents.Agent agent, long id) {
        Instant now = now();
        TicketDao.TicketRow resolved = jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            TicketDao.TicketRow ticket = dao.lock(id).orElseThrow(() -> notFound(id));
            requireWorkable(ticket, agent, dao, now);
            dao.resolve(id, now);
            if (!ticket.address().isEmpty() && channel(ticket).isPresent()) {
                BotDao bot = handle.attach(BotDao.class);
                if (bot.lock(ticket.channel(), ticket.address()).isEmpty()) {
                    bot.create(ticket.channel(), ticket.address(), now);
                }
                bot.update(ticket.channel(), ticket.address(), FOLLOWUP, 0, null, id, now);
            }
            audit(handle, agent, "resolve", id, null, now);
            return dao.byId(id).orElseThrow();
        });
        if (!resolved.address().isEmpty() && channel(resolved).isPresent()) {
            send(resolved, messages.get(SupportedLocales.contentLocale(resolved.locale()), "ticket.followup"),
                    "ticket:" + id + ":followup:" + now.getEpochSecond());
        }
        return resolved;
    }

    /** Hands the ticket to another agent who is not offline and has room, or back to the queue (no agent). */
    public TicketDao.TicketRow transfer(Agents.Agent agent, long id, Long toAgentId) {
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            TicketDao.TicketRow ticket = dao.lock(id).orElseThrow(() -> notFound(id));
            requireWorkable(ticket, agent, dao, now);
            if (toAgentId != null) {
                AssignmentDao assignment = handle.attach(AssignmentDao.class);
                io.closeloop.service.agent.AgentRow target = handle.attach(AgentDao.class).byId(toAgentId)
                        .orElseThrow(() -> DomainException.notFound("agent_not_found", "There is no agent " + toAgentId));
                if (target.status().equals("offline")) {
                    throw new DomainException(409, "agent_offline", target.username() + " is offline.");
                }
                if (assignment.load(toAgentId) >= target.capacity()) {
                    throw new DomainException(409, "agent_full", target.username() + " has no room for another ticket.");
                }
            }
            dao.reassign(id, toAgentId, now);
            audit(handle, agent, "transfer", id, toAgentId == null ? "to the queue" : "to agent " + toAgentId, now);
            return dao.byId(id).orElseThrow();
        });
    }

    public java.util.List<TicketDao.AgentLoad> agentLoads(Agents.Agent agent) {
        if (agent.role().equals("agent")) {
            throw new DomainException(403, "forbidden", "Only supervisors and admins see every agent's load.");
        }
        return jdbi.withExtension(TicketDao.class, TicketDao::agentLoads);
    }

    public TicketDao.TicketRow reopen(Agents.Agent agent, long id) {
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            TicketDao.TicketRow ticket = dao.lock(id).orElseThrow(() -> notFound(id));
            if (!ticket.status().equals("resolved") && !ticket.status().equals("closed")) {
                throw new DomainException(409, "ticket_not_resolved", "Only a resolved ticket can be reopened.");
            }
            dao.setStatus(id, "open", now);
            reopenConversation(handle, ticket, now);
            audit(handle, agent, "reopen", id, null, now);
            return dao.byId(id).orElseThrow();
        });
    }

    /** The customer's answer to "did we solve it?": a low one reopens the ticket. Returns the reply to give. */
    static String followupAnswered(Handle handle, Messages messages, long ticketId, int score, String locale, Instant now) {
        TicketDao dao = handle.attach(TicketDao.class);
        dao.setFollowup(ticketId, score, now);
        if (score <= 2) {
            dao.setStatus(ticketId, "open", now);
            dao.byId(ticketId).ifPresent(ticket -> reopenConversation(handle, ticket, now));
            handle.attach(AgentDao.class).audit(null, "reopened_by_customer", ticketId, "follow-up " + score, now);
            return messages.get(locale, "ticket.followup_reopened");
        }
        return messages.get(locale, "ticket.followup_thanks");
    }

    private static void reopenConversation(Handle handle, TicketDao.TicketRow ticket, Instant now) {
        if (!ticket.address().isEmpty()) {
            BotDao bot = handle.attach(BotDao.class);
            if (bot.lock(ticket.channel(), ticket.address()).isPresent()) {
                bot.update(ticket.channel(), ticket.address(), Bot.WAITING, 0, null, ticket.id(), now);
            }
        }
    }

    private void requireWorkable(TicketDao.TicketRow ticket, Agents.Agent agent, TicketDao dao, Instant now) {
        if (ticket.status().equals("resolved") || ticket.status().equals("closed")) {
            throw new DomainException(409, "ticket_closed", "This ticket is " + ticket.status() + "; reopen it first.");
        }
        if (ticket.assigneeId() == null) {
            dao.claim(ticket.id(), agent.id(), now);
        } else if (ticket.assigneeId() != agent.id() && !agent.role().equals("supervisor") && !agent.isAdmin()) {
            throw new DomainException(409, "ticket_taken", "Another agent has this ticket.");
        }
    }

    private SendResult send(TicketDao.TicketRow ticket, String text, String key) {
        Channel channel = channel(ticket).orElseThrow();
        MessageSender sender = senders.get(channel);
        if (sender == null) {
            return SendResult.permanent("no_sender", "no sender for " + channel.wireName());
        }
        return sender.send(new OutboundMessage(channel, ticket.address(), text, Optional.empty(),
                SupportedLocales.contentLocale(ticket.locale()), key));
    }

    /** The chat channel to reply on; the web channel has no address to write back to. */
    private static Optional<Channel> channel(TicketDao.TicketRow ticket) {
        return Channel.fromWireName(ticket.channel()).filter(c -> c == Channel.SMS || c == Channel.WECHAT);
    }

    private static String checkText(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            new FieldProblems().add("text", "must have 1-" + MAX_TEXT + " characters").throwIfAny();
        }
        return text.strip();
    }

    private static void audit(Handle handle, Agents.Agent agent, String action, long ticketId, String detail, Instant now) {
        handle.attach(AgentDao.class).audit(agent.id(), action, ticketId, detail, now);
    }

    private static DomainException notFound(long id) {
        return DomainException.notFound("ticket_not_found", "There is no ticket " + id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
