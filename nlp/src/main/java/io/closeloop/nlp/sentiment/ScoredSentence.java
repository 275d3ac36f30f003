package io.closeloop.nlp.sentiment;

import java.util.List;

/** A sentence, its score in [-1, 1], and the units aspects are matched on (English lemmas; empty for Chinese). */
record ScoredSentence(String text, double score, List<String> lemmas) {
}
