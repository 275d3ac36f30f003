package io.closeloop.nlp.intent;

import java.time.Duration;

/**
 * How a model was trained and calibrated. The cross-validated figures come from folds that hold out a share of
 * each intent's examples and, separately, whole intents posing as questions the FAQ does not cover.
 */
public record TrainingReport(
        int examples,
        int intents,
        int features,
        double temperature,
        double outOfScopeThreshold,
        double crossValidatedAccuracy,
        double crossValidatedOutOfScopeRecall,
        Duration trainingTime) {
}
