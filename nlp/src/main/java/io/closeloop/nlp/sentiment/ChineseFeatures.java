package io.closeloop.nlp.sentiment;

import java.util.ArrayList;
import java.util.List;

/** Character 1–3-grams of a normalized sentence plus lexicon features that see negation and degree. */
final class ChineseFeatures {
    private ChineseFeatures() {
    }

    static List<String> of(String normalizedSentence, ChineseLexicon lexicon) {
        String s = normalizedSentence.strip();
        List<String> features = new ArrayList<>(s.length() * 3 + 8);
        String padded = "^" + s + "$";
        for (int i = 0; i < padded.length(); i++) {
            char c = padded.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (i > 0 && i < padded.length() - 1) {
                features.add("1:" + c);
            }
            if (i + 2 <= padded.length()) {
                features.add("2:" + padded.substring(i, i + 2));
            }
            if (i + 3 <= padded.length()) {
                features.add("3:" + padded.substring(i, i + 3));
            }
        }
        int positive = 0;
        int negative = 0;
        for (ChineseLexicon.Hit hit : lexicon.hits(s)) {
            boolean positiveWord = hit.polarity() == ChineseLexicon.Kind.POSITIVE;
            boolean positiveMeaning = positiveWord != hit.negated();
            String polarity = positiveMeaning ? "pos" : "neg";
            features.add("lex:" + polarity);
            features.add("lex:" + (hit.negated() ? "not_" : "") + (positiveWord ? "pos" : "neg"));
            if (hit.negated()) {
                features.add("lexneg:" + hit.word());
            }
            if (hit.degree() != null) {
                features.add("lexdeg:" + hit.degree() + ":" + polarity);
            }
            if (positiveMeaning) {
                positive++;
            } else {
                negative++;
            }
        }
        features.add("lexbalance:" + Integer.signum(positive - negative));
        if (s.indexOf('!') >= 0) {
            features.add("punct:!");
        }
        if (s.indexOf('?') >= 0) {
            features.add("punct:?");
        }
        return features;
    }
}
