package io.closeloop.nlp.sentiment;

/** One sentence (for Chinese: one sentence or contrastive clause) of a text, with its own sentiment. */
public record SentenceSentiment(int index, String text, SentimentLabel label, double score) {
}
