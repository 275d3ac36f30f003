package io.closeloop.nlp.sentiment;

import io.closeloop.nlp.Language;
import java.util.Optional;

/** Port: the sentiment and aspects of a customer's words. Implementations are thread-safe. */
public interface SentimentAnalyzer {

    /** Analyses {@code text} in the given language, or the detected one when empty. */
    SentimentResult analyze(String text, Optional<Language> language);
}
