package io.closeloop.service.resources;

import io.closeloop.service.ticket.Ticket;
import io.closeloop.service.ticket.TicketMessage;
import io.closeloop.service.ticket.TicketQueue;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.service.agent.Agents;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.ticket.TicketDao;
import io.closeloop.service.ticket.TicketWork;
import io.closeloop.service.http.AgentAuthFilter;
import io.closeloop.service.http.AgentRequired;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;

/** Tickets for signed-in agents: the queue, one ticket with its conversation, and the work on it. */
@Path("/api/v1/tickets")
@AgentRequired
@Produces(MediaType.APPLICATION_JSON)
public final class TicketResource {
    private static final Set<String> STATUSES = Set.of("new", "open", "pending_customer", "resolved", "closed", "active");

    public record TicketList(List<Ticket> tickets) {
    }

    public record QueueList(List<TicketQueue> queues) {
    }

    public record TextRequest(@JsonProperty("text") String text) {
    }

    public record TransferRequest(@JsonProperty("agentId") Long agentId) {
    }

    private final TicketWork work;

    public TicketResource(TicketWork work) {
        this.work = work;
    }

    /**
     * {@code status}: a status or {@code active} (new, open, pending); {@code assignee}: an agent id, {@code me}
     * or {@code none}; {@code queue}: a topic, or {@code locale/topic} as the queues list them ({@code zh-CN/refund});
     * {@code language}: a language or locale ({@code zh} covers {@code zh-CN} and {@code zh-TW}).
     */
    @GET
    public TicketList list(@Context ContainerRequestContext request, @QueryParam("status") String status,
            @QueryParam("assignee") String assignee, @QueryParam("queue") String queue,
            @QueryParam("language") String language) {
        FieldProblems problems = new FieldProblems();
        String wanted = status == null ? "" : status.strip();
        if (!wanted.isEmpty() && !STATUSES.contains(wanted)) {
            problems.add("status", "must be one of " + STATUSES.stream().sorted().toList());
        }
        long assigneeId = 0;
        if ("me".equals(assignee)) {
            assigneeId = agent(request).id();
        } else if ("none".equals(assignee)) {
            assigneeId = -1;
        } else if (assignee != null && !assignee.isBlank()) {
            try {
                assigneeId = Long.parseLong(assignee.strip());
            } catch (NumberFormatException e) {
                problems.add("assignee", "must be an agent id, me or none");
            }
        }
        String lang = language == null ? "" : language.strip();
        String topic = queue == null ? "" : queue.strip();
        if (topic.contains("/")) {
            lang = topic.substring(0, topic.indexOf('/'));
            topic = topic.substring(topic.indexOf('/') + 1);
        }
        if (!topic.isEmpty() && !topic.matches("[a-z0-9_]{1,40}")) {
            problems.add("queue", "is a topic (lower-case letters, digits, _) or language/topic");
        }
        if (!lang.isEmpty() && !lang.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
            problems.add("language", "is a language or locale such as en, zh or zh-CN");
        }
        problems.throwIfAny();
        return new TicketList(work.list(new TicketWork.Filter(wanted, assigneeId, topic, lang)));
    }

    @GET
    @Path("/queues")
    public QueueList queues(@Context ContainerRequestContext request) {
        return new QueueList(work.queues(agent(request)));
    }

    @GET
    @Path("/{id}")
    public TicketWork.TicketView one(@PathParam("id") String id) {
        return work.view(id(id));
    }

    @POST
    @Path("/{id}/claim")
    public Ticket claim(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return work.claim(agent(request), id(id));
    }

    @POST
    @Path("/{id}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    public TicketMessage reply(@Context ContainerRequestContext request, @PathParam("id") String id,
            TextRequest body) {
        return work.reply(agent(request), id(id), body == null ? null : body.text());
    }

    @POST
    @Path("/{id}/note")
    @Consumes(MediaType.APPLICATION_JSON)
    public TicketMessage note(@Context ContainerRequestContext request, @PathParam("id") String id,
            TextRequest body) {
        return work.note(agent(request), id(id), body == null ? null : body.text());
    }

    @POST
    @Path("/{id}/resolve")
    public Ticket resolve(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return work.resolve(agent(request), id(id));
    }

    @POST
    @Path("/{id}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Ticket transfer(@Context ContainerRequestContext request, @PathParam("id") String id,
            TransferRequest body) {
        return work.transfer(agent(request), id(id), body == null ? null : body.agentId());
    }

    @POST
    @Path("/{id}/reopen")
    public Ticket reopen(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return work.reopen(agent(request), id(id));
    }

    private static Agents.Agent agent(ContainerRequestContext request) {
        return ((Agents.Authenticated) request.getProperty(AgentAuthFilter.AGENT)).agent();
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw DomainException.notFound("ticket_not_found", "There is no ticket " + id);
        }
    }
}
