package io.closeloop.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The baseline: what the server costs for a small JSON POST with no work behind it. The body has the shape
 * of an answer, so parsing and writing JSON cost about what they cost on the real endpoint.
 */
@Path("/bench/bare")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class BareResource {

    public record Ping(@JsonProperty("questionId") String questionId, @JsonProperty("value") int value) {
    }

    public record Pong(@JsonProperty("state") String state, @JsonProperty("questionId") String questionId,
            @JsonProperty("value") int value) {
    }

    @POST
    public Pong echo(Ping ping) {
        return new Pong("open", ping.questionId(), ping.value());
    }
}
