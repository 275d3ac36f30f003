package io.closeloop.service.survey;

import io.closeloop.service.i18n.LocalizedText;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One question of a survey template.
 *
 * @param id         stable within the template, e.g. "q1"
 * @param type       the kind of answer expected
 * @param text       the question
 * @param textByBand wording that replaces {@code text} when the previous scored answer fell in a band
 * @param options    the options of a {@code choice} question
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Question(
        @JsonProperty("id") String id,
        @JsonProperty("type") QuestionType type,
        @JsonProperty("text") LocalizedText text,
        @JsonProperty("textByBand") Map<ScoreBand, LocalizedText> textByBand,
        @JsonProperty("options") List<ChoiceOption> options) {

    public Question {
        textByBand = textByBand == null ? Map.of() : Map.copyOf(textByBand);
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** The wording to show, given the band of the previous scored answer. */
    public String textFor(String locale, Optional<ScoreBand> previousBand) {
        return previousBand.map(textByBand::get).orElse(text).in(locale);
    }

    public Optional<ChoiceOption> option(String value) {
        return options.stream().filter(o -> o.value().equals(value)).findFirst();
    }
}
