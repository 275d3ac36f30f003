package io.closeloop.service.resources;

import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.bot.TicketDao;
import io.closeloop.service.http.ApiKeyRequired;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** The conversations the bot handed to people, for integrations (the agent workspace comes with issue 6). */
@Path("/api/v1/tickets")
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public final class TicketResource {
    private static final Set<String> STATUSES = Set.of("new", "open", "pending_customer", "resolved", "closed");

    public record TicketList(List<TicketDao.TicketRow> tickets) {
    }

    public record TicketView(TicketDao.TicketRow ticket, List<TicketDao.MessageRow> transcript) {
    }

    private final Jdbi jdbi;

    public TicketResource(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @GET
    public TicketList list(@QueryParam("status") String status) {
        String wanted = status == null ? "" : status.strip();
        if (!wanted.isEmpty() && !STATUSES.contains(wanted)) {
            new FieldProblems().add("status", "must be one of " + STATUSES.stream().sorted().toList()).throwIfAny();
        }
        return new TicketList(jdbi.withExtension(TicketDao.class, dao -> dao.list(wanted, 200)));
    }

    @GET
    @Path("/{id}")
    public TicketView one(@PathParam("id") String id) {
        long ticketId;
        try {
            ticketId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw DomainException.notFound("ticket_not_found", "There is no ticket " + id);
        }
        return jdbi.withExtension(TicketDao.class, dao -> dao.byId(ticketId)
                .map(t -> new TicketView(t, dao.transcript(t.channel(), t.address(), 100)))
                .orElseThrow(() -> DomainException.notFound("ticket_not_found", "There is no ticket " + id)));
    }
}
