package io.closeloop.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The answer to a purchase event: the invitation it produced, or why none will be sent. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PurchaseAccepted(
        @JsonProperty("invitationId") String invitationId,
        @JsonProperty("status") String status,
        @JsonProperty("reason") String reason,
        @JsonProperty("channel") String channel,
        @JsonProperty("sendAt") Instant sendAt,
        @JsonProperty("surveyUrl") String surveyUrl) {
}
