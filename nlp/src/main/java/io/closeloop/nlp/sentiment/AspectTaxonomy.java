package io.closeloop.nlp.sentiment;

import io.closeloop.nlp.Language;
import io.closeloop.nlp.text.DelimitedText;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What customers talk about, as terms per aspect and language: English terms are lemma sequences ("arrive",
 * "take forever"), Chinese terms are words or phrases ("快递", "汤洒了"). The default taxonomy
 * ({@code aspects.tsv}) covers delivery, product quality, price, service, packaging, refund and app/website;
 * a business adds its own aspects or terms with {@link #with}.
 */
public final class AspectTaxonomy {

    /** One term of an aspect in one language. */
    public record Term(String aspect, Language language, String term) {
        public Term {
            if (aspect == null || !aspect.matches("[a-z][a-z0-9_]{0,39}")) {
                throw new IllegalArgumentException("an aspect id is 1-40 lower-case letters, digits or _: " + aspect);
            }
            if (language != Language.EN && language != Language.ZH) {
                throw new IllegalArgumentException("aspect terms are English (en) or Chinese (zh)");
            }
            if (term == null || term.isBlank()) {
                throw new IllegalArgumentException("an aspect term must not be blank");
            }
            term = language == Language.EN
                    ? String.join(" ", term.strip().toLowerCase(Locale.ROOT).split("\\s+"))
                    : ChineseLexicon.normalize(term.strip());
        }
    }

    private final List<Term> terms;
    private final List<String[]> englishLemmas;
    private final List<Term> english;
    private final List<Term> chinese;

    private AspectTaxonomy(List<Term> terms) {
        this.terms = List.copyOf(new LinkedHashSet<>(terms));
        this.english = this.terms.stream().filter(t -> t.language() == Language.EN)
                .sorted(Comparator.comparingInt((Term t) -> t.term().split(" ").length).reversed()).toList();
        this.englishLemmas = english.stream().map(t -> t.term().split(" ")).toList();
        this.chinese = this.terms.stream().filter(t -> t.language() == Language.ZH)
                .sorted(Comparator.comparingInt((Term t) -> t.term().length()).reversed()).toList();
    }

    public static AspectTaxonomy standard() {
        try (Reader reader = new InputStreamReader(
                AspectTaxonomy.class.getResourceAsStream("/io/closeloop/nlp/aspects.tsv"), StandardCharsets.UTF_8)) {
            List<DelimitedText.Row> rows = DelimitedText.read(reader, '\t');
            List<Term> terms = new ArrayList<>();
            for (DelimitedText.Row row : rows.subList(1, rows.size())) {
                terms.add(new Term(row.fields().get(0), Language.fromTag(row.fields().get(1)).orElseThrow(),
                        row.fields().get(2)));
            }
            return new AspectTaxonomy(terms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This taxonomy and the given terms (new aspects, or more terms for existing ones). */
    public AspectTaxonomy with(List<Term> more) {
        List<Term> all = new ArrayList<>(terms);
        all.addAll(more);
        return new AspectTaxonomy(all);
    }

    public Set<String> aspects() {
        Set<String> aspects = new LinkedHashSet<>();
        terms.forEach(t -> aspects.add(t.aspect()));
        return aspects;
    }

    /** The first term of each aspect found in an English sentence, longest terms first. */
    List<Term> matchEnglish(List<String> lemmas) {
        boolean[] used = new boolean[lemmas.size()];
        List<Term> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int t = 0; t < english.size(); t++) {
            String[] words = englishLemmas.get(t);
            for (int start = 0; start + words.length <= lemmas.size(); start++) {
                if (matches(lemmas, used, start, words)) {
                    for (int k = 0; k < words.length; k++) {
                        used[start + k] = true;
                    }
                    if (seen.add(english.get(t).aspect())) {
                        found.add(english.get(t));
                    }
                }
            }
        }
        return found;
    }

    private static boolean matches(List<String> lemmas, boolean[] used, int start, String[] words) {
        for (int k = 0; k < words.length; k++) {
            if (used[start + k] || !lemmas.get(start + k).equals(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** The first term of each aspect found in a Chinese sentence, longest terms first. */
    List<Term> matchChinese(String sentence) {
        String normalized = ChineseLexicon.normalize(sentence);
        boolean[] used = new boolean[normalized.length()];
        List<Term> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Term term : chinese) {
            int at = normalized.indexOf(term.term());
            while (at >= 0) {
                boolean free = true;
                for (int k = at; k < at + term.term().length(); k++) {
                    free &= !used[k];
                }
                if (free) {
                    for (int k = at; k < at + term.term().length(); k++) {
                        used[k] = true;
                    }
                    if (seen.add(term.aspect())) {
                        found.add(term);
                    }
                }
                at = normalized.indexOf(term.term(), at + 1);
            }
        }
        return found;
    }
}
