package io.closeloop.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What follows an answer: the next question, or none when the survey is complete. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AnswerResult(
        @JsonProperty("state") String state,
        @JsonProperty("nextQuestion") SurveyView.QuestionView nextQuestion,
        @JsonProperty("answered") int answered,
        @JsonProperty("total") int total,
        @JsonProperty("followUp") boolean followUp) {
}
