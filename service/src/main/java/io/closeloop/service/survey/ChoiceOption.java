package io.closeloop.service.survey;

import io.closeloop.service.i18n.LocalizedText;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One option of a {@code choice} question: the stored value and what the customer reads. */
public record ChoiceOption(@JsonProperty("value") String value, @JsonProperty("label") LocalizedText label) {
}
