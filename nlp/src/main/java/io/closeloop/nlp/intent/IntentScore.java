package io.closeloop.nlp.intent;

/** An intent and the calibrated probability that a question means it. */
public record IntentScore(String intent, double confidence) {
}
