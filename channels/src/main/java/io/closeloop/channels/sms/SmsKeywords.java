package io.closeloop.channels.sms;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Recognises the SMS control keywords: opt-out, opt-in and help.
 *
 * <p>As with Twilio's own filtering, the whole message must be one keyword: case, letter width (full-width
 * {@code ＳＴＯＰ}, by NFKC) and surrounding whitespace do not matter, anything else does ("STOP PLEASE" is not
 * a keyword). One deliberate difference: an opt-out keyword followed by punctuation ("Stop.", "退订。") still
 * opts out. Missing an opt-out is a compliance failure while honouring one too many costs a survey, and it keeps
 * the invariant that we never text someone Twilio has blocked. Opt-in and help stay exact, like Twilio, so we
 * never think a customer is subscribed again while Twilio still blocks them.
 *
 * <p>Chinese opt-outs: 退订, TD, 取消订阅 and 取消 (the counterpart of Twilio's CANCEL; "取消订单" and other longer
 * phrases are not keywords), with their traditional forms 退訂 and 取消訂閱. Twilio knows none of these, so only
 * our own opt-out list stops those customers.
 */
public final class SmsKeywords {

    /** What a message asks for. */
    public enum Keyword {
        /** Stop texting me. */
        OPT_OUT,
        /** Text me again. */
        OPT_IN,
        /** What is this, how do I stop it. */
        HELP,
        /** Not a keyword: an ordinary message. */
        NONE
    }

    private static final Map<String, Keyword> KEYWORDS = Map.ofEntries(
            Map.entry("STOP", Keyword.OPT_OUT),
            Map.entry("UNSUBSCRIBE", Keyword.OPT_OUT),
            Map.entry("END", Keyword.OPT_OUT),
            Map.entry("QUIT", Keyword.OPT_OUT),
            Map.entry("STOPALL", Keyword.OPT_OUT),
            Map.entry("REVOKE", Keyword.OPT_OUT),
            Map.entry("OPTOUT", Keyword.OPT_OUT),
            Map.entry("CANCEL", Keyword.OPT_OUT),
            Map.entry("TD", Keyword.OPT_OUT),
            Map.entry("退订", Keyword.OPT_OUT),
            Map.entry("退訂", Keyword.OPT_OUT),
            Map.entry("取消订阅", Keyword.OPT_OUT),
            Map.entry("取消訂閱", Keyword.OPT_OUT),
            Map.entry("取消", Keyword.OPT_OUT),
            Map.entry("START", Keyword.OPT_IN),
            Map.entry("YES", Keyword.OPT_IN),
            Map.entry("UNSTOP", Keyword.OPT_IN),
            Map.entry("HELP", Keyword.HELP),
            Map.entry("INFO", Keyword.HELP));

    /** Invisible format characters (zero-width space, BOM, ...) some keyboards slip in. */
    private static final Pattern FORMAT_CHARACTERS = Pattern.compile("\\p{Cf}");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{P}\\s]+$");

    private SmsKeywords() {
    }

    /** Classifies a message body; null or empty is {@link Keyword#NONE}. */
    public static Keyword classify(String body) {
        if (body == null) {
            return Keyword.NONE;
        }
        String normalized = FORMAT_CHARACTERS.matcher(Normalizer.normalize(body, Normalizer.Form.NFKC))
                .replaceAll("")
                .strip()
                .toUpperCase(Locale.ROOT);
        Keyword exact = KEYWORDS.getOrDefault(normalized, Keyword.NONE);
        if (exact != Keyword.NONE) {
            return exact;
        }
        String withoutPunctuation = TRAILING_PUNCTUATION.matcher(normalized).replaceFirst("");
        return KEYWORDS.get(withoutPunctuation) == Keyword.OPT_OUT ? Keyword.OPT_OUT : Keyword.NONE;
    }
}
