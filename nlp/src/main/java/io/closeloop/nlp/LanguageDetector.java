package io.closeloop.nlp;

import java.util.Locale;
import java.util.Set;

/**
 * Tells English from Chinese from anything else by script, and English from other Latin-script languages by
 * its commonest words. Short feedback ("ok", "9", "好") is the norm, so it never needs more than the text.
 */
public final class LanguageDetector {
    private static final Set<String> ENGLISH_WORDS = Set.of(
            "the", "a", "an", "and", "or", "but", "not", "no", "is", "was", "are", "were", "be", "been", "it", "its",
            "i", "me", "my", "we", "our", "you", "your", "they", "he", "she", "this", "that", "of", "to", "in", "on",
            "for", "with", "at", "from", "by", "very", "so", "too", "just", "all", "good", "great", "bad",
            "ok", "okay", "thanks", "thank", "love", "like", "never", "again", "did", "do", "does", "have", "has",
            "had", "can", "could", "would", "will", "what", "when", "where", "how", "why", "order", "delivery",
            "service", "please", "yes", "nice", "awesome", "terrible", "slow", "fast", "late");

    private LanguageDetector() {
    }

    public static Language detect(String text) {
        int han = 0;
        int otherCjk = 0;
        int latin = 0;
        int accented = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            switch (script) {
                case HAN -> han++;
                case HIRAGANA, KATAKANA, HANGUL -> otherCjk++;
                case LATIN -> {
                    latin++;
                    if (cp > 0x7F) {
                        accented++;
                    }
                }
                default -> { }
            }
        }
        if (otherCjk > 0 && otherCjk * 5 >= han) {
            return Language.OTHER;
        }
        // Chinese feedback often carries Latin brand names ("App闪退", "iPhone很好用"): a third is enough.
        if (han > 0 && han * 3 >= latin) {
            return Language.ZH;
        }
        if (latin == 0) {
            return Language.OTHER;
        }
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+");
        int known = 0;
        int total = 0;
        for (String word : words) {
            if (!word.isEmpty()) {
                total++;
                if (ENGLISH_WORDS.contains(word)) {
                    known++;
                }
            }
        }
        // "a", "no", "me", "on" are words of French, Spanish or Italian too: accented text needs half its words English.
        if (accented * 20 >= latin) {
            return known * 2 >= total ? Language.EN : Language.OTHER;
        }
        return Language.EN;
    }
}
