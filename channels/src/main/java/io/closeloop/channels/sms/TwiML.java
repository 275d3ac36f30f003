package io.closeloop.channels.sms;

import java.util.List;
import java.util.Objects;

/**
 * Builds the TwiML document answering an inbound SMS webhook: one {@code <Message>} per text, or an empty
 * {@code <Response/>} when there is nothing to say.
 *
 * <p>Text is escaped for XML; characters XML 1.0 cannot carry (control characters other than tab, line feed and
 * carriage return, unpaired surrogates, U+FFFE and U+FFFF) are dropped. Everything else, Chinese and emoji
 * included, is kept as is in UTF-8. Texts that are blank once cleaned are skipped: Twilio rejects an empty body.
 */
public final class TwiML {

    /** The content type of a TwiML answer. */
    public static final String MEDIA_TYPE = "text/xml; charset=UTF-8";

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private TwiML() {
    }

    /** A response that sends nothing back. */
    public static String empty() {
        return DECLARATION + "<Response/>";
    }

    /** A response sending each text back as its own message, in order. */
    public static String messages(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        StringBuilder body = new StringBuilder();
        for (String text : texts) {
            String cleaned = text == null ? "" : escape(text);
            if (!cleaned.isBlank()) {
                body.append("<Message><Body>").append(cleaned).append("</Body></Message>");
            }
        }
        return body.isEmpty() ? empty() : DECLARATION + "<Response>" + body + "</Response>";
    }

    /** A response sending the given texts back, in order. */
    public static String messages(String... texts) {
        return messages(List.of(texts));
    }

    /** Escapes markup characters and drops code points that are not XML 1.0 characters. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (isXmlCharacter(codePoint)) {
                        escaped.appendCodePoint(codePoint);
                    }
                }
            }
        });
        return escaped.toString();
    }

    /** The {@code Char} production of XML 1.0. */
    private static boolean isXmlCharacter(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }
}
