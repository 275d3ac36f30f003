package io.closeloop.service.bot;

import io.closeloop.service.Decision;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The words that send a conversation to a person whatever the models say: asking for one ("I want a person",
 * "转人工") and complaining ("this is unacceptable", "我要投诉"), in English and Chinese. A word like "agent"
 * or "客服" alone asks for a person; inside a question ("can the delivery agent…", "客服几点上班") it does not.
 */
@Decision
final class HandoffWords {
    private static final String SOMEONE = "(an? |the |your |some )?(real |live |actual )?"
            + "(human|person|agent|representative|rep|operator|someone|somebody|staff|manager|supervisor)";
    private static final Pattern HUMAN = Pattern.compile(
            "^(please,? )?(an? )?(real |live )?(human|person|agent|operator|representative)( please)?\\W*$"
                    + "|\\b(talk|speak|chat) (to|with) " + SOMEONE + "\\b"
                    + "|\\b(want|need|get me|give me|connect me (to|with)|transfer me (to|with)|put me through to) "
                    + SOMEONE + "\\b"
                    + "|\\b(real|live|actual) (person|human|agent)\\b|\\bhuman (agent|being|support)\\b");
    private static final List<String> HUMAN_ZH = List.of("人工", "真人", "接线员");
    private static final Pattern SERVICE_ZH = Pattern.compile(
            "^(客服|在线客服)[！!？?。.呢吗在吗]*$|(找|要|转|联系|叫|接|呼叫)(一下)?(在线)?客服|客服(在吗|在不在|呢)");
    private static final Pattern COMPLAINT = Pattern.compile(
            "\\b(complain(s|ed|ing)?|complaint|unacceptable|ridiculous|disgusting|outrageous|disgrace(ful)?|appalling"
                    + "|scam|fraud|rip[- ]?off|never again|worst|terrible|awful|horrible|useless|pathetic|furious"
                    + "|angry|upset|fed up|sick of|lawyer|sue you|report you)\\b");
    private static final List<String> COMPLAINT_ZH = List.of("投诉", "差评", "太差", "垃圾", "骗子", "欺骗", "气死",
            "恶心", "举报", "12315", "忍无可忍", "太过分", "再也不", "生气", "愤怒", "太失望", "失望透顶", "没人管", "没人理");

    private HandoffWords() {
    }

    static boolean asksForHuman(String text) {
        String normalized = normalize(text);
        return HUMAN.matcher(normalized).find() || HUMAN_ZH.stream().anyMatch(normalized::contains)
                || SERVICE_ZH.matcher(normalized).find();
    }

    static boolean complains(String text) {
        String normalized = normalize(text);
        return COMPLAINT.matcher(normalized).find() || COMPLAINT_ZH.stream().anyMatch(normalized::contains);
    }

    private static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }
}
