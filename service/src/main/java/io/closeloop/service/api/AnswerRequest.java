package io.closeloop.service.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/surveys/{token}/answers}.
 *
 * @param questionId which question
 * @param value      a whole number for scales, an option value for choices, a text for text questions; null skips
 * @param elapsedMs  how long the customer took over the question, as the page measured it; optional
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnswerRequest(
        @JsonProperty("questionId") String questionId,
        @JsonProperty("value") JsonNode value,
        @JsonProperty("elapsedMs") Long elapsedMs) {
}
