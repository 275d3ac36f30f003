package io.closeloop.service.ticket;

import java.time.Instant;

/** One of the customer's survey answers, with its sentiment, as shown on their tickets. */
public record SurveyAnswer(String invitationId, String orderId, String channel, String questionId, String questionType,
        Integer score, String choiceValue, String textValue, boolean skipped, String sentimentLabel,
        Double sentimentScore, String sentimentAspects, Instant answeredAt) {
}
