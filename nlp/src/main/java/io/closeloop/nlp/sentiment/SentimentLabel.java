package io.closeloop.nlp.sentiment;

/** The five-point scale feedback tools report, plus {@link #MIXED} for a text that praises and complains. */
public enum SentimentLabel {
    VERY_NEGATIVE("very_negative"),
    NEGATIVE("negative"),
    NEUTRAL("neutral"),
    POSITIVE("positive"),
    VERY_POSITIVE("very_positive"),
    MIXED("mixed");

    private final String wireName;

    SentimentLabel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The point on the scale for a score in [-1, 1]. */
    public static SentimentLabel ofScore(double score) {
        if (score <= -0.6) {
            return VERY_NEGATIVE;
        }
        if (score < -0.2) {
            return NEGATIVE;
        }
        if (score <= 0.2) {
            return NEUTRAL;
        }
        if (score < 0.6) {
            return POSITIVE;
        }
        return VERY_POSITIVE;
    }

    public static SentimentLabel fromWireName(String name) {
        for (SentimentLabel label : values()) {
            if (label.wireName.equals(name)) {
                return label;
            }
        }
        throw new IllegalArgumentException("unknown sentiment label: " + name);
    }

    public boolean isNegative() {
        return this == NEGATIVE || this == VERY_NEGATIVE;
    }
}
