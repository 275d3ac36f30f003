package io.closeloop.service.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.service.agent.AgentPresence;
import io.closeloop.service.agent.Agents;
import io.closeloop.service.http.AgentAuthFilter;
import io.closeloop.service.http.AgentRequired;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;

/** Signing in and out, and the agents themselves. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AgentResource {

    public record LoginRequest(@JsonProperty("username") String username, @JsonProperty("password") String password) {
    }

    public record LoginResult(Agents.Agent agent, String token, String csrfToken, Instant expiresAt) {
    }

    public record StatusRequest(@JsonProperty("status") String status) {
    }

    /** A console's heartbeat: seconds since the agent last used it (a key, the mouse, a touch). */
    public record Heartbeat(@JsonProperty("idleSeconds") Long idleSeconds) {
    }

    private final Agents agents;
    private final AgentPresence presence;
    private final io.closeloop.service.ticket.TicketWork tickets;
    private final boolean secureCookies;

    public AgentResource(Agents agents, AgentPresence presence, io.closeloop.service.ticket.TicketWork tickets,
            URI publicBaseUrl) {
        this.agents = agents;
        this.presence = presence;
        this.tickets = tickets;
        this.secureCookies = "https".equalsIgnoreCase(publicBaseUrl.getScheme());
    }

    /** For supervisors: every agent's status, open tickets against capacity, and breached tickets. */
    @GET
    @Path("/agents")
    @AgentRequired
    public java.util.List<io.closeloop.service.ticket.TicketWork.AgentLoad> list(@Context ContainerRequestContext request) {
        return tickets.agentLoads(who(request).agent());
    }

    @POST
    @Path("/auth/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(LoginRequest request) {
        LoginRequest r = request == null ? new LoginRequest(null, null) : request;
        Agents.Session session = agents.login(r.username(), r.password());
        long maxAge = Math.max(0, session.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
        NewCookie cookie = new NewCookie.Builder(AgentAuthFilter.COOKIE).value(session.token()).path("/")
                .httpOnly(true).secure(secureCookies).sameSite(NewCookie.SameSite.STRICT).maxAge((int) maxAge).build();
        return Response.ok(new LoginResult(session.agent(), session.token(), session.csrfToken(), session.expiresAt()))
                .cookie(cookie).build();
    }

    @POST
    @Path("/auth/logout")
    @AgentRequired
    public Response logout(@Context ContainerRequestContext request) {
        agents.logout(who(request));
        NewCookie expired = new NewCookie.Builder(AgentAuthFilter.COOKIE).value("").path("/").httpOnly(true)
                .secure(secureCookies).sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        return Response.noContent().cookie(expired).build();
    }

    @POST
    @Path("/agents")
    @AgentRequired
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context ContainerRequestContext request, Agents.NewAgent body) {
        Agents.Agent created = agents.create(who(request).agent(), body);
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @PATCH
    @Path("/agents/{id}")
    @AgentRequired
    @Consumes(MediaType.APPLICATION_JSON)
    public Agents.Agent update(@Context ContainerRequestContext request, @PathParam("id") String id,
            Agents.AgentChange body) {
        long agentId;
        try {
            agentId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw io.closeloop.service.api.DomainException.notFound("agent_not_found", "There is no agent " + id);
        }
        return agents.update(who(request).agent(), agentId, body);
    }

    @GET
    @Path("/agents/me")
    @AgentRequired
    public Agents.Agent me(@Context ContainerRequestContext request) {
        return agents.me(who(request).agent());
    }

    @PUT
    @Path("/agents/me/status")
    @AgentRequired
    @Consumes(MediaType.APPLICATION_JSON)
    public Agents.Agent status(@Context ContainerRequestContext request, StatusRequest body) {
        return agents.setStatus(who(request).agent(), body == null ? null : body.status());
    }

    /** The console says it is open, and how long its agent has been idle; the answer has the agent's status. */
    @PUT
    @Path("/agents/me/consoles/{consoleId}")
    @AgentRequired
    @Consumes(MediaType.APPLICATION_JSON)
    public Agents.Agent heartbeat(@Context ContainerRequestContext request, @PathParam("consoleId") String consoleId,
            Heartbeat body) {
        return presence.seen(who(request), consoleId, body == null ? null : body.idleSeconds());
    }

    /** The console page is closing. */
    @DELETE
    @Path("/agents/me/consoles/{consoleId}")
    @AgentRequired
    public Response closed(@Context ContainerRequestContext request, @PathParam("consoleId") String consoleId) {
        presence.closed(who(request), consoleId);
        return Response.noContent().build();
    }

    private static Agents.Authenticated who(ContainerRequestContext request) {
        return (Agents.Authenticated) request.getProperty(AgentAuthFilter.AGENT);
    }
}
