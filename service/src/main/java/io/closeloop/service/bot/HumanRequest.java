package io.closeloop.service.bot;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** "I want a person": the words customers use to ask for a human, in English and Chinese. */
final class HumanRequest {
    private static final Pattern ENGLISH = Pattern.compile(
            "\\b(agent|human|person|people|operator|representative|someone real|real person|speak to someone"
                    + "|talk to someone|customer service|support team)\\b");
    private static final List<String> CHINESE = List.of("人工", "转人工", "客服", "真人", "找人", "接线员");

    private HumanRequest() {
    }

    static boolean matches(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
        return ENGLISH.matcher(normalized).find() || CHINESE.stream().anyMatch(normalized::contains);
    }
}
