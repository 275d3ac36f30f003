package io.closeloop.service.ticket;

import io.closeloop.service.conversation.ConversationDao;
import io.closeloop.service.conversation.ConversationState;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.channels.wechat.WeChatSender;
import io.closeloop.service.agent.AgentDao;
import io.closeloop.service.agent.Agents;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.i18n.Messages;
import io.closeloop.service.i18n.SupportedLocales;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What agents do with tickets: take one, reply on the customer's own channel, write notes, resolve (which asks
 * the customer whether the problem is solved) and reopen. Every action is in the audit log.
 */
public final class TicketWork {
    private static final int MAX_TEXT = 1600;
    private static final int TRANSCRIPT = 100;
    private static final java.util.regex.Pattern REPLY_KEY = java.util.regex.Pattern.compile("ticket:\\d+:message:(\\d+)");
    /** WeChat lets a business write freely only this long after the customer's last message... */
    private static final java.time.Duration WECHAT_WINDOW = java.time.Duration.ofHours(48);
    /** ...and only this many customer-service messages (past it WeChat answers 45047). */
    private static final int WECHAT_QUOTA = 5;

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

    /** The customer as an agent sees them: who they are and where they can be reached. */
    public record Customer(long id, String externalId, String name, String email, String locale,
                           List<CustomerAddress> addresses, TicketIntakeDao.Spend purchases) {
    }

    /** One ticket with everything about its customer an agent needs to answer. */
    public record TicketView(Ticket ticket, Customer customer, List<TranscriptMessage> transcript,
                             List<TicketMessage> messages, List<SurveyAnswer> surveyAnswers) {
    }

    /** Filters of the ticket list; empty strings and 0 mean any. */
    public record Filter(String status, long assignee, String topic, String language) {
    }

    public List<Ticket> list(Filter filter) {
        String language = filter.language().isEmpty() ? ""
                : java.util.Locale.forLanguageTag(filter.language()).toLanguageTag() + "%";
        return jdbi.withExtension(TicketDao.class,
                dao -> dao.list(filter.status(), filter.assignee(), filter.topic(), language, 200));
    }

    /**
     * The ticket, its customer, and the customer's messages on every channel they are known by (newest
     * {@value #TRANSCRIPT} across channels, oldest first), the agents' replies and notes and the survey answers.
     */
    public TicketView view(long id) {
        return jdbi.withHandle(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            Ticket ticket = dao.byId(id).orElseThrow(() -> notFound(id));
            Customer customer = null;
            java.util.Set<CustomerAddress> addresses = new java.util.LinkedHashSet<>();
            if (!ticket.address().isEmpty()) {
                addresses.add(new CustomerAddress(ticket.channel(), ticket.address()));
            }
            List<SurveyAnswer> answers = List.of();
            if (ticket.customerId() != null) {
                List<CustomerAddress> known = dao.addressesOf(ticket.customerId());
                addresses.addAll(known);
                customer = handle.attach(CustomerDao.class).findById(ticket.customerId())
                        .map(c -> new Customer(c.id(), c.externalId(), c.name(), c.email(), c.locale(), known,
                                handle.attach(TicketIntakeDao.class).spendOf(c.id())))
                        .orElse(null);
                answers = dao.surveyAnswersOf(ticket.customerId(), 30);
            }
            List<TranscriptMessage> transcript = new java.util.ArrayList<>();
            for (CustomerAddress address : addresses) {
                if (!address.channel().equals("web") && !address.channel().equals("email")) {
                    transcript.addAll(dao.messagesFrom(address.channel(), address.address(), TRANSCRIPT));
                }
            }
            transcript.sort(java.util.Comparator.comparing(TranscriptMessage::receivedAt).reversed());
            List<TranscriptMessage> recent = new java.util.ArrayList<>(
                    transcript.subList(0, Math.min(TRANSCRIPT, transcript.size())));
            java.util.Collections.reverse(recent);
            return new TicketView(ticket, customer, recent, dao.messages(id), answers);
        });
    }

    /** The queues by language and topic, for supervisors. */
    public List<TicketQueue> queues(Agents.Agent agent) {
        requireSupervisor(agent);
        return jdbi.withExtension(TicketDao.class, TicketDao::queues);
    }

    public Ticket claim(Agents.Agent agent, long id) {
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            Ticket ticket = dao.lock(id).orElseThrow(() -> notFound(id));
            if (dao.claim(id, agent.id(), now) == 0) {
                throw new DomainException(409, "ticket_taken", ticket.assigneeId() != null
                        ? "Another agent has this ticket." : "This ticket is " + ticket.status() + ".");
            }
            handle.attach(ConversationDao.class).handedTo(id, true);
            audit(handle, agent, "claim", id, null, now);
            return dao.byId(id).orElseThrow();
        });
    }

    /**
     * Replies to the customer on the ticket's channel; the reply is stored before it is sent (see {@link #route}
     * for where it goes when that channel cannot carry it).
     */
    public TicketMessage reply(Agents.Agent agent, long id, String text) {
        String body = checkText(text);
        Instant now = now();
        Ticket ticket = jdbi.withExtension(TicketDao.class, dao -> dao.byId(id)).orElseThrow(() -> notFound(id));
        Route route = jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            Ticket locked = dao.lock(id).orElseThrow();
            requireWorkable(locked, agent, dao, now);
            Route chosen = route(handle, locked, now).orElseThrow(() -> new DomainException(409, "no_reply_channel",
                    "This customer has no phone number or WeChat to reply to; the survey came by " + ticket.channel() + "."));
            long stored = dao.addMessage(id, "reply", agent.id(), body, "queued", chosen.via(), now);
            dao.markFirstResponse(id, now);
            dao.setStatus(id, "pending_customer", now);
            if (!chosen.channel().wireName().equals(locked.channel()) || !chosen.address().equals(locked.address())) {
                // The customer's answer on that channel joins this ticket instead of reaching the bot.
                conversation(handle, chosen.channel().wireName(), chosen.address(), ConversationState.WAITING, id, now);
            }
            audit(handle, agent, "reply", id, chosen.via().equals(ticket.channel()) ? null : "sent by " + chosen.via(), now);
            return chosen.withMessage(stored);
        });
        SendResult result = send(route, ticket.locale(), body, "ticket:" + id + ":message:" + route.messageId());
        if (result.outcome() != SendResult.Outcome.ACCEPTED) {
            jdbi.useExtension(TicketDao.class, dao -> dao.setDelivery(route.messageId(), "failed", null));
        } else if (!result.providerMessageId().filter(queued -> queued.startsWith("outbox:")).isPresent()) {
            // Not queued: the channel has it now (the chat panel reads it from the database).
            jdbi.useExtension(TicketDao.class, dao -> dao.setDelivery(route.messageId(), "sent", null));
        }
        return jdbi.withExtension(TicketDao.class, dao -> dao.messages(id)).stream()
                .filter(m -> m.id() == route.messageId()).findFirst().orElseThrow();
    }

    public TicketMessage note(Agents.Agent agent, long id, String text) {
        String body = checkText(text);
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            dao.lock(id).orElseThrow(() -> notFound(id));
            long stored = dao.addMessage(id, "note", agent.id(), body, null, null, now);
            audit(handle, agent, "note", id, null, now);
            return dao.messages(id).stream().filter(m -> m.id() == stored).findFirst().orElseThrow();
        });
    }

    /** Resolves the ticket and asks the customer, on their channel, whether the problem is solved. */
    public Ticket resolve(Agents.Agent agent, long id) {
        Instant now = now();
        java.util.concurrent.atomic.AtomicReference<Route> followup = new java.util.concurrent.atomic.AtomicReference<>();
        Ticket resolved = jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            Ticket ticket = dao.lock(id).orElseThrow(() -> notFound(id));
            requireWorkable(ticket, agent, dao, now);
            dao.resolve(id, now);
            route(handle, ticket, now).ifPresent(route -> {
                conversation(handle, route.channel().wireName(), route.address(), ConversationState.FOLLOWUP, id, now);
                followup.set(route);
            });
            audit(handle, agent, "resolve", id, null, now);
            return dao.byId(id).orElseThrow();
        });
        Optional.ofNullable(followup.get()).ifPresent(route -> send(route, resolved.locale(),
                messages.get(SupportedLocales.contentLocale(resolved.locale()), "ticket.followup"),
                "ticket:" + id + ":followup:" + now.getEpochSecond()));
        return resolved;
    }

    /** Hands the ticket to another agent who is not offline and has room, or back to the queue (no agent). */
    public Ticket transfer(Agents.Agent agent, long id, Long toAgentId) {
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            Ticket ticket = dao.lock(id).orElseThrow(() -> notFound(id));
            requireWorkable(ticket, agent, dao, now);
            if (java.util.Objects.equals(toAgentId, ticket.assigneeId())) {
                return dao.byId(id).orElseThrow();
            }
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
            handle.attach(ConversationDao.class).handedTo(id, toAgentId != null);
            audit(handle, agent, "transfer", id, toAgentId == null ? "to the queue" : "to agent " + toAgentId, now);
            return dao.byId(id).orElseThrow();
        });
    }

    /** An agent as supervisors see them: who, what they handle, and how loaded they are. */
    public record AgentLoad(long id, String username, String displayName, String role, String status,
                            List<String> languages, List<String> topics, int capacity, long openTickets, long breached) {
    }

    public List<AgentLoad> agentLoads(Agents.Agent agent) {
        requireSupervisor(agent);
        return jdbi.withExtension(TicketDao.class, TicketDao::agentLoads).stream()
                .map(a -> new AgentLoad(a.id(), a.username(), a.displayName(), a.role(), a.status(), list(a.languages()),
                        list(a.topics()), a.capacity(), a.openTickets(), a.breached()))
                .toList();
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? List.of() : List.of(commaSeparated.split(","));
    }

    public Ticket reopen(Agents.Agent agent, long id) {
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            TicketDao dao = handle.attach(TicketDao.class);
            Ticket ticket = dao.lock(id).orElseThrow(() -> notFound(id));
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
    public static String followupAnswered(Handle handle, Messages messages, long ticketId, int score, String locale, Instant now) {
        TicketDao dao = handle.attach(TicketDao.class);
        dao.setFollowup(ticketId, score, now);
        if (score <= 2) {
            dao.setStatus(ticketId, "open", now);
            dao.byId(ticketId).ifPresent(ticket -> reopenConversation(handle, ticket, now));
            handle.attach(AgentDao.class).audit(null, "reopened_by_customer", ticketId, "follow-up " + score, now);
            return messages.get(locale, "ticket.followup_reopened");
        }
        dao.close(ticketId, now);
        return messages.get(locale, "ticket.followup_thanks");
    }

    private static void reopenConversation(Handle handle, Ticket ticket, Instant now) {
        if (!ticket.address().isEmpty()) {
            ConversationDao bot = handle.attach(ConversationDao.class);
            if (bot.lock(ticket.channel(), ticket.address()).isPresent()) {
                bot.update(ticket.channel(), ticket.address(), ticket.assigneeId() == null ? ConversationState.WAITING : ConversationState.WITH_AGENT,
                        0, null, ticket.id(), now);
            }
        }
    }

    private static void requireSupervisor(Agents.Agent agent) {
        if (agent.role().equals("agent")) {
            throw new DomainException(403, "forbidden", "Only supervisors and admins see every agent's load and the queues.");
        }
    }

    private void requireWorkable(Ticket ticket, Agents.Agent agent, TicketDao dao, Instant now) {
        if (ticket.status().equals("resolved") || ticket.status().equals("closed")) {
            throw new DomainException(409, "ticket_closed", "This ticket is " + ticket.status() + "; reopen it first.");
        }
        if (ticket.assigneeId() == null) {
            dao.claim(ticket.id(), agent.id(), now);
            dao.getHandle().attach(ConversationDao.class).handedTo(ticket.id(), true);
        } else if (ticket.assigneeId() != agent.id() && !agent.role().equals("supervisor") && !agent.isAdmin()) {
            throw new DomainException(409, "ticket_taken", "Another agent has this ticket.");
        }
    }

    /**
     * Records how the outbound queue ended a reply ({@code sent}, {@code failed}, {@code suppressed}); false when
     * the key is not a ticket reply's.
     */
    public boolean delivered(String idempotencyKey, String status, String providerMessageId) {
        java.util.regex.Matcher key = REPLY_KEY.matcher(idempotencyKey);
        if (!key.matches()) {
            return idempotencyKey.startsWith("ticket:");
        }
        String delivery = switch (status) {
            case "sent" -> "sent";
            case "suppressed" -> "opted_out";
            default -> "failed";
        };
        String via = WeChatSender.TEMPLATE.equals(providerMessageId) ? "wechat_template" : null;
        jdbi.useExtension(TicketDao.class, dao -> dao.setDelivery(Long.parseLong(key.group(1)), delivery, via));
        return true;
    }

    /** Where a message to the ticket's customer goes, and the channel it goes by. */
    private record Route(Channel channel, String address, String via, long messageId) {
        Route withMessage(long id) {
            return new Route(channel, address, via, id);
        }
    }

    /**
     * Where a message to the ticket's customer goes: the ticket's own chat channel, except on WeChat when the
     * customer last wrote more than 48 hours ago or 5 messages have gone to them since: then SMS if they have a phone number that has not opted out,
     * else WeChat all the same (its sender turns to the template message when WeChat refuses). A ticket from a web
     * survey goes to the customer's phone, else their WeChat. Empty when there is nowhere to write.
     */
    private Optional<Route> route(Handle handle, Ticket ticket, Instant now) {
        TicketDao dao = handle.attach(TicketDao.class);
        Optional<Channel> channel = ticket.address().isEmpty() ? Optional.empty() : Channel.fromWireName(ticket.channel())
                .filter(c -> c != Channel.WEB).filter(senders::containsKey);
        if (channel.isPresent() && (channel.get() != Channel.WECHAT || weChatMayWrite(dao, ticket.address(), now))) {
            return Optional.of(new Route(channel.get(), ticket.address(), channel.get().wireName(), 0));
        }
        Optional<Route> phone = reachable(handle, ticket, Channel.SMS);
        if (phone.isPresent() || channel.isPresent()) {
            return phone.or(() -> Optional.of(new Route(Channel.WECHAT, ticket.address(), Channel.WECHAT.wireName(), 0)));
        }
        return reachable(handle, ticket, Channel.WECHAT);
    }

    /** Whether a customer-service message may go: within 48 hours of the customer's last message, at most 5 since. */
    private static boolean weChatMayWrite(TicketDao dao, String openId, Instant now) {
        return dao.lastMessageAt(Channel.WECHAT.wireName(), openId)
                .filter(last -> last.isAfter(now.minus(WECHAT_WINDOW)))
                .map(last -> dao.weChatMessagesSince(openId, last) < WECHAT_QUOTA)
                .orElse(false);
    }

    /** The customer's latest address on a channel we can send on, unless it opted out. */
    private Optional<Route> reachable(Handle handle, Ticket ticket, Channel channel) {
        if (ticket.customerId() == null || !senders.containsKey(channel)) {
            return Optional.empty();
        }
        return handle.attach(TicketDao.class).addressOf(ticket.customerId(), channel.wireName())
                .filter(address -> !handle.attach(CustomerDao.class).isAddressOptedOut(channel.wireName(), address))
                .map(address -> new Route(channel, address, channel.wireName(), 0));
    }

    private SendResult send(Route route, String locale, String text, String key) {
        MessageSender sender = senders.get(route.channel());
        if (sender == null) {
            return SendResult.permanent("no_sender", "no sender for " + route.channel().wireName());
        }
        return sender.send(new OutboundMessage(route.channel(), route.address(), text, Optional.empty(),
                SupportedLocales.contentLocale(locale), key));
    }

    private static void conversation(Handle handle, String channel, String address, String state, long ticketId,
                                     Instant now) {
        ConversationDao bot = handle.attach(ConversationDao.class);
        bot.lockOrCreate(channel, address, now);
        bot.update(channel, address, state, 0, null, ticketId, now);
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
