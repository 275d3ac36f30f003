package io.closeloop.channels;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks personal data (phone numbers, OpenIDs, names, e-mail addresses) before it reaches a log. */
public final class PersonalData {

    /** Quoted literals ('...', U&'...'), which is how databases quote the values in their error messages. */
    private static final Pattern QUOTED = Pattern.compile("(U&)?'(?:[^']|'')*'");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@'\"<>()]+@[^\\s@'\"<>()]+\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+?\\b\\d{8,15}\\b");

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

    /**
     * Removes from a free text (an exception message, a provider's error) what could be a customer's data: quoted
     * values, e-mail addresses and phone numbers; what is left still says what went wrong.
     */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = QUOTED.matcher(text).replaceAll("'…'");
        scrubbed = EMAIL.matcher(scrubbed).replaceAll("…@…");
        return PHONE.matcher(scrubbed).replaceAll(m -> Matcher.quoteReplacement(mask(m.group())));
    }

    /**
     * The exception with every message in its chain {@linkplain #scrub(String) scrubbed}, and its stack traces
     * kept, for a log: a database's "value too long" names the value.
     */
    public static Throwable scrub(Throwable error) {
        return scrubbed(error, new java.util.IdentityHashMap<>());
    }

    private static Throwable scrubbed(Throwable error, java.util.Map<Throwable, Boolean> seen) {
        if (error == null || seen.put(error, true) != null) {
            return null;
        }
        return new Scrubbed(error, scrubbed(error.getCause(), seen));
    }

    /** Stands in for an exception in a log: its class and scrubbed message, its frames, its scrubbed causes. */
    private static final class Scrubbed extends RuntimeException {
        Scrubbed(Throwable original, Throwable cause) {
            super(original.getClass().getName() + (original.getMessage() == null ? "" : ": " + scrub(original.getMessage())),
                    cause, false, true);
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
