package io.closeloop.channels;

/** Masks personal data (phone numbers, OpenIDs, names, e-mail addresses) before it reaches a log. */
public final class PersonalData {

    private PersonalData() {
    }

    /**
     * Keeps enough to tell two values apart in a log ("+86*******8000", "oF3P*********Kx") and nothing more.
     * Short values are masked whole.
     */
    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        int length = value.codePointCount(0, value.length());
        if (length <= 6) {
            return "*".repeat(length);
        }
        int keepStart = length >= 12 ? 3 : 2;
        int keepEnd = 2;
        if (value.startsWith("+") && length >= 10) {
            keepStart = 3;
            keepEnd = 4;
        }
        int[] cps = value.codePoints().toArray();
        StringBuilder masked = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            masked.appendCodePoint(i < keepStart || i >= cps.length - keepEnd ? cps[i] : '*');
        }
        return masked.toString();
    }

    /**
     * As {@link #mask}, for values a client sends unchecked (a 5,000-character "OpenID"): a value longer than
     * {@code 40} code points is masked as its first 40 and marked cut, so one request cannot fill a log line.
     */
    public static String maskInput(String value) {
        if (value == null || value.codePointCount(0, value.length()) <= 40) {
            return mask(value);
        }
        return mask(value.substring(0, value.offsetByCodePoints(0, 40))) + "…";
    }
}
