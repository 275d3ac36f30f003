package io.closeloop.service.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.chat.WebChat;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The chat panel's API: a visitor session, their messages, and everything since a message id. */
@Path("/api/v1/chat")
@Produces(MediaType.APPLICATION_JSON)
public final class ChatResource {
    static final String TOKEN = "X-Closeloop-Chat-Token";

    public record SendRequest(@JsonProperty("clientMessageId") String clientMessageId, @JsonProperty("text") String text) {
    }

    public record Messages(List<WebChat.Message> messages) {
    }

    private final WebChat chat;

    public ChatResource(WebChat chat) {
        this.chat = chat;
    }

    @POST
    @Path("/sessions")
    public WebChat.Session start() {
        return chat.start();
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Messages send(@HeaderParam(TOKEN) String token, SendRequest body) {
        SendRequest request = body == null ? new SendRequest(null, null) : body;
        return new Messages(chat.send(token, request.clientMessageId(), request.text()));
    }

    @GET
    @Path("/messages")
    public Messages since(@HeaderParam(TOKEN) String token, @QueryParam("since") String since) {
        long from = 0;
        if (since != null && !since.isBlank()) {
            try {
                from = Long.parseLong(since.strip());
            } catch (NumberFormatException e) {
                chat.visitorOf(token);
                new FieldProblems().add("since", "must be a message id").throwIfAny();
            }
        }
        return new Messages(chat.since(token, from));
    }
}
