package io.closeloop.nlp.intent;

/** An example question for an intent, in a locale ("en", "zh-CN", ...). */
public record IntentExample(String intent, String locale, String text) {
    public IntentExample {
        if (intent == null || intent.isBlank() || text == null || text.isBlank()) {
            throw new IllegalArgumentException("an example needs an intent and a question");
        }
    }
}
