package io.closeloop.nlp.intent;

import java.util.List;
import java.util.Optional;

/**
 * What a question most likely means. {@code intent} is empty when the question is out of scope;
 * {@code ambiguous} says the top two intents are too close to pick one; {@code ranked} holds the top k.
 */
public record IntentPrediction(
        Optional<String> intent, double confidence, boolean outOfScope, boolean ambiguous, List<IntentScore> ranked) {

    public IntentPrediction {
        ranked = List.copyOf(ranked);
    }
}
