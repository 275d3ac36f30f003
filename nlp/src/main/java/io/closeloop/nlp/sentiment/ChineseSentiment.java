package io.closeloop.nlp.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Chinese sentences (split at sentence punctuation, and at a comma before a contrastive conjunction, so
 * "送餐很快，但是汤洒了" gives two) scored by a {@link ChineseSentimentModel}. The classifier's confidence
 * is not intensity, so the score is scaled by degree words: plain praise is positive, "非常好吃" very positive,
 * "有点慢" mildly negative.
 */
final class ChineseSentiment implements SentenceScorer {
    private static final Pattern SENTENCE_END = Pattern.compile(
            "(?<=[。！？!?；;…~\\n])(?![。！？!?；;…~\\n])|(?<=[，,])(?=\\s*(但是|但|不过|可是|然而|就是|只是|可惜))");
    private static final double PLAIN = 0.55;
    private static final double STRONG = 1.0;
    private static final double MILD = 0.4;

    private final ChineseSentimentModel model;
    private final ChineseLexicon lexicon = ChineseLexicon.standard();

    ChineseSentiment(ChineseSentimentModel model) {
        this.model = model;
    }

    @Override
    public List<ScoredSentence> score(String text) {
        List<ScoredSentence> sentences = new ArrayList<>();
        for (String piece : SENTENCE_END.split(text)) {
            String sentence = piece.strip();
            if (sentence.isEmpty() || sentence.codePoints().noneMatch(Character::isLetterOrDigit)
                    && sentence.codePoints().noneMatch(ChineseSentiment::isEmoji)) {
                continue;
            }
            String normalized = ChineseLexicon.normalize(sentence);
            double polarity = model.polarity(normalized);
            sentences.add(new ScoredSentence(sentence, clamp(polarity * intensity(normalized, polarity)), List.of()));
        }
        return sentences;
    }

    private double intensity(String normalized, double polarity) {
        double intensity = PLAIN;
        for (ChineseLexicon.Hit hit : lexicon.hits(normalized)) {
            boolean positiveMeaning = (hit.polarity() == ChineseLexicon.Kind.POSITIVE) != hit.negated();
            if (positiveMeaning != polarity > 0) {
                continue;
            }
            if (hit.degree() == ChineseLexicon.Kind.INTENSIFIER && !hit.negated()) {
                intensity = STRONG;
            } else if (hit.degree() == ChineseLexicon.Kind.DIMINISHER && intensity == PLAIN) {
                intensity = MILD;
            }
        }
        if (normalized.contains("!!") || normalized.contains("!!!")) {
            intensity = STRONG;
        }
        return intensity;
    }

    static boolean isEmoji(int codePoint) {
        return Character.getType(codePoint) == Character.OTHER_SYMBOL || Character.isSurrogate((char) codePoint);
    }

    private static double clamp(double value) {
        return Math.max(-1, Math.min(1, value));
    }
}
