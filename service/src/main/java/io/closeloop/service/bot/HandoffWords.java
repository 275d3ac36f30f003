package io.closeloop.service.bot;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The words that send a conversation to a person whatever the models say: asking for one ("I want a person",
 * "转人工") and complaining ("this is unacceptable", "我要投诉"), in English and Chinese.
 */
final class HandoffWords {
    private static final Pattern HUMAN = Pattern.compile(
            "\\b(agent|human|person|people|operator|representative|someone real|real person|speak to someone"
                    + "|talk to someone|customer service|support team)\\b");
    private static final List<String> HUMAN_ZH = List.of("人工", "转人工", "客服", "真人", "找人", "接线员");
    private static final Pattern COMPLAINT = Pattern.compile(
            "\\b(complain(s|ed|ing)?|complaint|unacceptable|ridiculous|disgusting|outrageous|scam|fraud|rip[- ]?off"
                    + "|never again|worst|furious|fed up|sick of|lawyer|sue you|report you)\\b");
    private static final List<String> COMPLAINT_ZH = List.of("投诉", "差评", "太差", "垃圾", "骗子", "欺骗", "气死",
            "恶心", "举报", "12315", "忍无可忍", "太过分", "再也不");

    private HandoffWords() {
    }

    static boolean asksForHuman(String text) {
        String normalized = normalize(text);
        return HUMAN.matcher(normalized).find() || HUMAN_ZH.stream().anyMatch(normalized::contains);
    }

    static boolean complains(String text) {
        String normalized = normalize(text);
        return COMPLAINT.matcher(normalized).find() || COMPLAINT_ZH.stream().anyMatch(normalized::contains);
    }

    private static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }
}
