package io.closeloop.channels.sms;

import java.util.BitSet;
import java.util.Objects;

/**
 * Counts how many SMS segments a text takes, so a survey question can be kept to one.
 *
 * <p>A text made only of GSM-7 characters (the GSM 03.38 basic set, plus its extension table {@code ^ { } \ [ ~ ] |
 * €} and form feed, which take two septets each) is sent as GSM-7: 160 septets in one segment, 153 per segment
 * once split. Any other character (Chinese, emoji, curly quotes, {@code `}) switches the whole text to UCS-2:
 * 70 UTF-16 units in one segment, 67 per segment once split; an emoji outside the BMP takes two units. A split
 * never cuts an extension character or a surrogate pair in two, so such a text can need one segment more than
 * a plain division suggests. Twilio's optional Smart Encoding (curly quotes to straight ones) is not modelled.
 */
public final class SmsSegments {

    /** How the text goes over the air, with its segment sizes in septets (GSM-7) or UTF-16 units (UCS-2). */
    public enum Encoding {
        GSM_7(160, 153),
        UCS_2(70, 67);

        private final int singleSegment;
        private final int perSegmentWhenSplit;

        Encoding(int singleSegment, int perSegmentWhenSplit) {
            this.singleSegment = singleSegment;
            this.perSegmentWhenSplit = perSegmentWhenSplit;
        }

        /** The most a text may hold and still go as one segment. */
        public int singleSegment() {
            return singleSegment;
        }

        /** What each segment holds once a text is split (the rest carries the concatenation header). */
        public int perSegmentWhenSplit() {
            return perSegmentWhenSplit;
        }
    }

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";
    private static final BitSet BASIC = codePoints(GSM_BASIC);
    private static final BitSet EXTENSION = codePoints(GSM_EXTENSION);

    private SmsSegments() {
    }

    /** GSM-7 when every character is in the GSM-7 alphabet, UCS-2 otherwise. */
    public static Encoding encoding(String text) {
        Objects.requireNonNull(text, "text");
        return text.codePoints().allMatch(SmsSegments::isGsm7) ? Encoding.GSM_7 : Encoding.UCS_2;
    }

    /** The length that counts against the segment sizes: septets for GSM-7, UTF-16 units for UCS-2. */
    public static int length(String text) {
        Encoding encoding = encoding(text);
        return text.codePoints().map(codePoint -> units(encoding, codePoint)).sum();
    }

    /** How many segments the text is sent as; 0 for an empty text. */
    public static int segments(String text) {
        Encoding encoding = encoding(text);
        int length = length(text);
        if (length == 0) {
            return 0;
        }
        if (length <= encoding.singleSegment()) {
            return 1;
        }
        int segments = 1;
        int used = 0;
        for (int codePoint : text.codePoints().toArray()) {
            int units = units(encoding, codePoint);
            if (used + units > encoding.perSegmentWhenSplit()) {
                segments++;
                used = 0;
            }
            used += units;
        }
        return segments;
    }

    /** Whether the text goes as a single segment. */
    public static boolean fitsOneSegment(String text) {
        return segments(text) <= 1;
    }

    private static boolean isGsm7(int codePoint) {
        return BASIC.get(codePoint) || EXTENSION.get(codePoint);
    }

    private static int units(Encoding encoding, int codePoint) {
        return switch (encoding) {
            case GSM_7 -> EXTENSION.get(codePoint) ? 2 : 1;
            case UCS_2 -> Character.charCount(codePoint);
        };
    }

    private static BitSet codePoints(String characters) {
        BitSet set = new BitSet();
        characters.codePoints().forEach(set::set);
        return set;
    }
}
