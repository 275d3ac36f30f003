package io.closeloop.nlp.sentiment;

import io.closeloop.nlp.Language;
import java.util.List;

/**
 * The sentiment of one text. {@code score} is in [-1, 1]; for a language Closeloop does not analyse it is 0,
 * the label neutral and the sentence list empty, unless the text is only emoji, which are read in any language.
 */
public record SentimentResult(
        Language language,
        SentimentLabel label,
        double score,
        List<SentenceSentiment> sentences,
        List<AspectMention> aspects) {

    public SentimentResult {
        sentences = List.copyOf(sentences);
        aspects = List.copyOf(aspects);
    }

    public boolean analysed() {
        return language != Language.OTHER;
    }
}
