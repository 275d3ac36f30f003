package io.closeloop.nlp.sentiment;

import java.util.List;

/** Splits a text of one language into sentences and scores each. */
interface SentenceScorer {
    List<ScoredSentence> score(String text);
}
