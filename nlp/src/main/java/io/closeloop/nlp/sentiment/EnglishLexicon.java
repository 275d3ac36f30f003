package io.closeloop.nlp.sentiment;

import io.closeloop.nlp.text.DelimitedText;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's list of English customer-feedback polarity words and phrases ({@code en-lexicon.tsv}), as
 * lemmas or surface words, with negation ("not bad", "not good at all"). CoreNLP's sentiment model was trained
 * on film reviews and misreads short feedback ("Never again.", "Very disappointed with the quality."); this
 * gives a second, plainer reading to check it against.
 */
final class EnglishLexicon {
    private static final EnglishLexicon DEFAULT = load();
    private static final int NEGATION_WINDOW = 3;
    private static final Set<String> SCOPE_BREAKS = Set.of(",", ".", ";", ":", "!", "?", "but", "though", "although");

    private final Map<String, Integer> polarity;
    private final Set<String> negators;
    private final Set<String> phraseStarts;
    private final int longest;

    private EnglishLexicon(Map<String, Integer> polarity, Set<String> negators) {
        this.polarity = polarity;
        this.negators = negators;
        Set<String> starts = new HashSet<>();
        int max = 1;
        for (String term : polarity.keySet()) {
            String[] words = term.split(" ");
            max = Math.max(max, words.length);
            if (words.length > 1) {
                starts.add(words[0]);
            }
        }
        this.phraseStarts = Set.copyOf(starts);
        this.longest = max;
    }

    static EnglishLexicon standard() {
        return DEFAULT;
    }

    /** The mean polarity of the terms in a sentence, in [-1, 1], or NaN when it has none. */
    double polarity(List<String> words, List<String> lemmas) {
        double sum = 0;
        int hits = 0;
        int lastNegator = -100;
        int lastBreak = -1;
        int i = 0;
        while (i < lemmas.size()) {
            String lemma = lemmas.get(i);
            if (SCOPE_BREAKS.contains(lemma)) {
                lastBreak = i;
                i++;
                continue;
            }
            int matched = 0;
            Integer value = null;
            int longestHere = phraseStarts.contains(lemma) ? Math.min(longest, lemmas.size() - i) : 1;
            for (int len = longestHere; len >= 1 && value == null; len--) {
                value = polarity.get(len == 1 ? lemma : String.join(" ", lemmas.subList(i, i + len)));
                if (value == null && len == 1) {
                    value = polarity.get(words.get(i));
                }
                matched = len;
            }
            if (value != null) {
                boolean negated = lastNegator > lastBreak && i - lastNegator <= NEGATION_WINDOW;
                // "not bad" is mild praise; "not good" is a plain complaint.
                sum += negated ? (value > 0 ? -0.75 : 0.5) : value;
                hits++;
                i += matched;
                continue;
            }
            if (negators.contains(lemma) || negators.contains(words.get(i))) {
                lastNegator = i;
            }
            i++;
        }
        return hits == 0 ? Double.NaN : sum / hits;
    }

    private static EnglishLexicon load() {
        Map<String, Integer> polarity = new HashMap<>();
        Set<String> negators = new HashSet<>();
        try (Reader reader = new InputStreamReader(
                EnglishLexicon.class.getResourceAsStream("/io/closeloop/nlp/en-lexicon.tsv"), StandardCharsets.UTF_8)) {
            List<DelimitedText.Row> rows = DelimitedText.read(reader, '\t');
            for (DelimitedText.Row row : rows.subList(1, rows.size())) {
                String kind = row.fields().get(0);
                String term = row.fields().get(1).strip();
                switch (kind) {
                    case "positive" -> polarity.put(term, 1);
                    case "negative" -> polarity.put(term, -1);
                    case "negator" -> negators.add(term);
                    default -> throw new IllegalStateException("en-lexicon.tsv: unknown kind " + kind);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EnglishLexicon(Map.copyOf(polarity), Set.copyOf(negators));
    }
}
