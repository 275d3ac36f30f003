package io.closeloop.nlp.sentiment;

import java.util.Map;

/** Emoji customers use to praise or complain; neither model has vectors or n-grams enough for them. */
final class Emoji {
    private static final Map<Integer, Double> POLARITY = Map.ofEntries(
            Map.entry(0x1F44D, 1.0), Map.entry(0x1F44F, 1.0), Map.entry(0x1F60A, 0.8), Map.entry(0x1F60D, 1.0),
            Map.entry(0x1F970, 1.0), Map.entry(0x1F600, 0.8), Map.entry(0x1F603, 0.8), Map.entry(0x1F604, 0.8),
            Map.entry(0x1F642, 0.5), Map.entry(0x2764, 1.0), Map.entry(0x1F389, 0.8), Map.entry(0x1F4AF, 1.0),
            Map.entry(0x2B50, 0.6), Map.entry(0x1F31F, 0.8), Map.entry(0x1F618, 0.8),
            Map.entry(0x1F44E, -1.0), Map.entry(0x1F621, -1.0), Map.entry(0x1F620, -1.0), Map.entry(0x1F92C, -1.0),
            Map.entry(0x1F4A9, -1.0), Map.entry(0x1F624, -0.8), Map.entry(0x1F61E, -0.8), Map.entry(0x1F622, -0.8),
            Map.entry(0x1F62D, -0.8), Map.entry(0x1F612, -0.6), Map.entry(0x1F644, -0.6), Map.entry(0x1F611, -0.4),
            Map.entry(0x1F615, -0.5), Map.entry(0x1F629, -0.8), Map.entry(0x1F92E, -1.0), Map.entry(0x1F630, -0.6));

    private Emoji() {
    }

    /** The mean polarity of the known emoji in a text; 0 if it has none. */
    static double polarity(String text) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Double value = POLARITY.get(cp);
            if (value != null) {
                sum += value;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    static boolean onlyEmojiAndPunctuation(String text) {
        boolean any = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                return false;
            }
            any |= POLARITY.containsKey(cp);
        }
        return any;
    }
}
