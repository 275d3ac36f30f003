package io.closeloop.service.survey;

import java.time.Instant;

/** One stored answer. Exactly one of score, choiceValue and textValue is set, or none when skipped. */
public record AnswerRow(
        String invitationId,
        String questionId,
        String questionType,
        Integer score,
        String choiceValue,
        String textValue,
        boolean skipped,
        long durationMs,
        Instant answeredAt) {

    /** Without the answer itself: customers write personal things in free text. */
    @Override
    public String toString() {
        return "Answer[" + invitationId + ", " + questionId + "]";
    }
}
