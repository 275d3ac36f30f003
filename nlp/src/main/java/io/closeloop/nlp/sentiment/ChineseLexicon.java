package io.closeloop.nlp.sentiment;

import io.closeloop.nlp.text.DelimitedText;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The project's own list of Chinese polarity, negation and degree words ({@code zh-lexicon.tsv}). It gives the
 * classifier features that generalise beyond the training lines ("不+polarity word" flips, degree words
 * strengthen), and gives the score its intensity.
 */
final class ChineseLexicon {
    enum Kind { POSITIVE, NEGATIVE, NEGATOR, INTENSIFIER, DIMINISHER }

    /** A polarity word found in a sentence, with what precedes it in its clause. */
    record Hit(Kind polarity, String word, boolean negated, Kind degree) {
    }

    private static final ChineseLexicon DEFAULT = load();
    private static final int WINDOW = 4;

    private final Map<String, Kind> polarity;
    private final Map<String, Kind> modifiers;
    private final int longest;

    private ChineseLexicon(Map<String, Kind> polarity, Map<String, Kind> modifiers) {
        this.polarity = polarity;
        this.modifiers = modifiers;
        int max = 1;
        for (String word : polarity.keySet()) {
            max = Math.max(max, word.length());
        }
        for (String word : modifiers.keySet()) {
            max = Math.max(max, word.length());
        }
        this.longest = max;
    }

    static ChineseLexicon standard() {
        return DEFAULT;
    }

    static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Polarity words in a normalized sentence, longest match first, each with its negation and degree. */
    List<Hit> hits(String sentence) {
        java.util.ArrayList<Hit> hits = new java.util.ArrayList<>();
        // Modifiers as whole words of the left-to-right scan: the 非 of 非常 or the 别 of 特别 is no negator.
        java.util.ArrayList<int[]> modifiersInClause = new java.util.ArrayList<>();
        int i = 0;
        while (i < sentence.length()) {
            char c = sentence.charAt(i);
            if (isClauseBreak(c)) {
                modifiersInClause.clear();
                i++;
                continue;
            }
            int matched = 0;
            Kind kind = null;
            for (int len = Math.min(longest, sentence.length() - i); len >= 1; len--) {
                String word = sentence.substring(i, i + len);
                Kind k = polarity.get(word);
                if (k != null && !(modifiers.get(word) == Kind.INTENSIFIER && polarityStartsAt(sentence, i + len))) {
                    matched = len;
                    kind = k;
                    break;
                }
                Kind modifier = modifiers.get(word);
                if (modifier != null) {
                    modifiersInClause.add(new int[] {i, modifier.ordinal()});
                    matched = len;
                    break;
                }
            }
            if (kind != null) {
                hits.add(new Hit(kind, sentence.substring(i, i + matched),
                        precededBy(modifiersInClause, i, Kind.NEGATOR), degreeBefore(modifiersInClause, i)));
            }
            i += Math.max(matched, 1);
        }
        return hits;
    }

    private boolean polarityStartsAt(String sentence, int at) {
        for (int len = Math.min(longest, sentence.length() - at); len >= 1; len--) {
            if (polarity.containsKey(sentence.substring(at, at + len))) {
                return true;
            }
        }
        return false;
    }

    private static boolean precededBy(List<int[]> modifiersInClause, int at, Kind wanted) {
        for (int[] modifier : modifiersInClause) {
            if (modifier[0] >= at - WINDOW && modifier[1] == wanted.ordinal()) {
                return true;
            }
        }
        return false;
    }

    private static Kind degreeBefore(List<int[]> modifiersInClause, int at) {
        if (precededBy(modifiersInClause, at, Kind.DIMINISHER)) {
            return Kind.DIMINISHER;
        }
        return precededBy(modifiersInClause, at, Kind.INTENSIFIER) ? Kind.INTENSIFIER : null;
    }

    private static boolean isClauseBreak(char c) {
        return c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == '。' || c == '、' || c == '~'
                || c == '\n';
    }

    private static ChineseLexicon load() {
        Map<String, Kind> polarity = new HashMap<>();
        Map<String, Kind> modifiers = new HashMap<>();
        try (Reader reader = new InputStreamReader(
                ChineseLexicon.class.getResourceAsStream("/io/closeloop/nlp/zh-lexicon.tsv"), StandardCharsets.UTF_8)) {
            List<DelimitedText.Row> rows = DelimitedText.read(reader, '\t');
            for (DelimitedText.Row row : rows.subList(1, rows.size())) {
                Kind kind = Kind.valueOf(row.fields().get(0).toUpperCase(Locale.ROOT));
                String word = normalize(row.fields().get(1));
                switch (kind) {
                    case POSITIVE, NEGATIVE -> polarity.put(word, kind);
                    case NEGATOR, INTENSIFIER, DIMINISHER -> modifiers.put(word, kind);
                }
            }
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChineseLexicon(Map.copyOf(polarity), Map.copyOf(modifiers));
    }
}
