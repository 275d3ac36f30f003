package io.closeloop.nlp.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SentimentLabelTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "-1.0, VERY_NEGATIVE",
            "-0.6, VERY_NEGATIVE",
            "-0.59, NEGATIVE",
            "-0.21, NEGATIVE",
            "-0.2, NEUTRAL",
            "0.0, NEUTRAL",
            "0.2, NEUTRAL",
            "0.21, POSITIVE",
            "0.59, POSITIVE",
            "0.6, VERY_POSITIVE",
            "1.0, VERY_POSITIVE"
    })
    void aScoreFallsOnOnePointOfTheFivePointScale(double score, SentimentLabel label) {
        assertThat(SentimentLabel.ofScore(score)).isEqualTo(label);
    }

    @ParameterizedTest
    @EnumSource(SentimentLabel.class)
    void wireNamesReadBack(SentimentLabel label) {
        assertThat(label.wireName()).matches("[a-z_]+");
        assertThat(SentimentLabel.fromWireName(label.wireName())).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource({"VERY_NEGATIVE, true", "NEGATIVE, true", "NEUTRAL, false", "POSITIVE, false", "VERY_POSITIVE, false", "MIXED, false"})
    void onlyTheTwoNegativePointsAreNegative(SentimentLabel label, boolean negative) {
        assertThat(label.isNegative()).isEqualTo(negative);
    }

    @ParameterizedTest
    @CsvSource({"VERY_NEGATIVE", "Negative", "bad"})
    void anUnknownWireNameIsRejected(String name) {
        assertThatThrownBy(() -> SentimentLabel.fromWireName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
    }
}
