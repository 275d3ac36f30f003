package io.closeloop.service.survey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a score sits on its scale: the follow-up question's wording depends on it. */
public enum ScoreBand {
    DETRACTOR,
    PASSIVE,
    PROMOTER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ScoreBand fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
