package io.closeloop.nlp.sentiment;

/** A training line: polarity (negative, neutral, positive) and the customer's words. */
public record LabelledText(Polarity polarity, String text) {

    public enum Polarity { NEGATIVE, NEUTRAL, POSITIVE }

    public LabelledText {
        if (polarity == null || text == null || text.isBlank()) {
            throw new IllegalArgumentException("a labelled text needs a polarity and non-blank text");
        }
    }
}
