package io.closeloop.service.nlp;

/** One example question of an intent, in a locale, with the answer the bot gives in that locale. */
public record FaqRow(String intent, String locale, String question, String answer) {
}
