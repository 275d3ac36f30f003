package io.closeloop.nlp.intent;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The intent matcher a service holds: it answers from the current model while a new one trains, and swaps
 * to the new one only once it is complete. Retrains are serialised; a failed retrain leaves the old model.
 */
public final class IntentMatcher {
    private final AtomicReference<IntentModel> current = new AtomicReference<>();
    private final IntentModel.Options options;
    private final Object training = new Object();

    public IntentMatcher(IntentModel.Options options) {
        this.options = options;
    }

    /** Trains on the examples and, once done, makes the new model the one that answers. */
    public IntentModel retrain(List<IntentExample> examples) {
        synchronized (training) {
            IntentModel model = IntentModel.train(examples, options);
            current.set(model);
            return model;
        }
    }

    /** Empty until a model has been trained. */
    public Optional<IntentModel> model() {
        return Optional.ofNullable(current.get());
    }

    public Optional<IntentPrediction> classify(String text, int k) {
        IntentModel model = current.get();
        return model == null ? Optional.empty() : Optional.of(model.classify(text, k));
    }
}
