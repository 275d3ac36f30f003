package io.closeloop.service.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which messages ask for a person or complain, and which ordinary questions only share a word with them. */
class HandoffWordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"agent", "Agent please", "HUMAN!", "I want to talk to a real person", "can I speak to someone",
            "I need to speak to a person about my order", "Can I talk to a person please", "get me a manager",
            "connect me with a representative", "I'd like a live agent", "人工", "转人工", "我要人工客服", "找客服",
            "客服", "客服在吗？", "联系一下客服", "真人回复我", "ａｇｅｎｔ"})
    void asksForAPerson(String text) {
        assertThat(HandoffWords.asksForHuman(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Can the delivery agent leave it with a neighbour?", "Can I pick it up in person?",
            "Until when can I reach customer service?", "How many people can use one account?",
            "客服几点上班", "你们的客服电话是多少", "How long does standard delivery take?", "我的快递什么时候到"})
    void anOrdinaryQuestionDoesNot(String text) {
        assertThat(HandoffWords.asksForHuman(text)).as(text).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"I want to make a complaint", "This is unacceptable", "worst shop ever", "我要投诉",
            "给你们差评", "你们这是欺骗消费者"})
    void complains(String text) {
        assertThat(HandoffWords.complains(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Where is my refund?", "退货怎么操作", "Is the price the same in store?"})
    void aQuestionIsNoComplaint(String text) {
        assertThat(HandoffWords.complains(text)).as(text).isFalse();
    }
}
