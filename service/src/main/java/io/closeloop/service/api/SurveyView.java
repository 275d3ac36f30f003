package io.closeloop.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/surveys/{token}}: everything the survey page needs, in the customer's language.
 *
 * @param state          open, completed or expired
 * @param locale         the content locale the texts are in
 * @param questions      the questions, worded for the answers given so far
 * @param answers        the answers so far by question id (a number, an option value, a text, or null when skipped)
 * @param nextQuestionId the first question without an answer, or null
 * @param followUp       true when an answer was in the detractor band: someone will get in touch
 * @param texts          the page's labels in the customer's language
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SurveyView(
        @JsonProperty("state") String state,
        @JsonProperty("locale") String locale,
        @JsonProperty("questions") List<QuestionView> questions,
        @JsonProperty("answers") Map<String, Object> answers,
        @JsonProperty("nextQuestionId") String nextQuestionId,
        @JsonProperty("followUp") boolean followUp,
        @JsonProperty("texts") Map<String, String> texts) {

    /** One question as shown to the customer. Scale questions have min, max and end labels. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuestionView(
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("text") String text,
            @JsonProperty("min") Integer min,
            @JsonProperty("max") Integer max,
            @JsonProperty("lowLabel") String lowLabel,
            @JsonProperty("highLabel") String highLabel,
            @JsonProperty("options") List<Option> options,
            @JsonProperty("maxLength") Integer maxLength) {
    }

    public record Option(@JsonProperty("value") String value, @JsonProperty("label") String label) {
    }
}
