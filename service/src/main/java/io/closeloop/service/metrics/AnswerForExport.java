package io.closeloop.service.metrics;

import java.time.Instant;

/** One answer of the responses export, with its response, purchase and analysis. */
public record AnswerForExport(String invitationId, String orderId, String customerExternalId, String channel, String locale,
        String store, String templateKey, int templateVersion, String status, Instant sentAt,
        Instant firstAnswerAt, Instant completedAt, String questionId, String questionType, Integer score,
        String choiceValue, String textValue, Boolean skipped, Long durationMs, Instant answeredAt,
        String sentimentLabel, Double sentimentScore, String sentimentAspects) {
}
