package io.closeloop.service.survey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The kinds of question a survey can ask, with their scales and how a score falls into a band. */
public enum QuestionType {
    CSAT("csat", 1, 5),
    NPS("nps", 0, 10),
    CES("ces", 1, 7),
    RATING("rating", 1, 5),
    CHOICE("choice", 0, 0),
    TEXT("text", 0, 0);

    /** Longest free-text answer, in characters (code points). */
    public static final int MAX_TEXT_LENGTH = 1000;

    private final String wireName;
    private final int min;
    private final int max;

    QuestionType(String wireName, int min, int max) {
        this.wireName = wireName;
        this.min = min;
        this.max = max;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static QuestionType fromWireName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown question type: " + name));
    }

    public static Optional<QuestionType> find(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public boolean isScale() {
        return switch (this) {
            case CSAT, NPS, CES, RATING -> true;
            case CHOICE, TEXT -> false;
        };
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The band of a score on this scale: NPS 0–6 / 7–8 / 9–10, 5-point 1–2 / 3 / 4–5, CES 1–3 / 4 / 5–7. */
    public ScoreBand band(int score) {
        return switch (this) {
            case NPS -> score <= 6 ? ScoreBand.DETRACTOR : score <= 8 ? ScoreBand.PASSIVE : ScoreBand.PROMOTER;
            case CSAT, RATING -> score <= 2 ? ScoreBand.DETRACTOR : score == 3 ? ScoreBand.PASSIVE : ScoreBand.PROMOTER;
            case CES -> score <= 3 ? ScoreBand.DETRACTOR : score == 4 ? ScoreBand.PASSIVE : ScoreBand.PROMOTER;
            case CHOICE, TEXT -> throw new IllegalStateException(wireName + " questions have no score");
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
