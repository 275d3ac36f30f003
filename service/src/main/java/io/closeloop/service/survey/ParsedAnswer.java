package io.closeloop.service.survey;

import java.util.Objects;

/**
 * What a chat reply to one survey question means, as {@link AnswerParser} reads it: an answer ({@link Score},
 * {@link Choice}, {@link Text}), an explicit {@link Skip}, or a {@link Miss}. Whether a miss earns a re-prompt or
 * skips the question is the conversation's decision, not the parser's.
 */
public sealed interface ParsedAnswer {

    /** A whole number inside the question's scale. */
    record Score(int value) implements ParsedAnswer {
    }

    /** The stored value of the chosen option. */
    record Choice(String value) implements ParsedAnswer {
        public Choice {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A free-text answer as the customer wrote it, only trimmed. */
    record Text(String text) implements ParsedAnswer {
        public Text {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("a text answer is never blank");
            }
        }
    }

    /** The customer asked to skip the question ("skip", "跳过"). */
    record Skip() implements ParsedAnswer {
    }

    /** A reply the question cannot use. */
    sealed interface Miss extends ParsedAnswer {
    }

    /** One number outside the question's scale, or an option number past the last option. */
    record OutOfRange(int given) implements Miss {
    }

    /** Two or more different numbers or ratings ("7 or 8"), a fraction ("7.5"), or a score on another scale. */
    record Ambiguous() implements Miss {
    }

    /** No number, rating word or option in the reply, or a blank reply. */
    record Unrecognized() implements Miss {
    }
}
