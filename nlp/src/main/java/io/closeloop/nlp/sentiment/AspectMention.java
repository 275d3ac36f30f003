package io.closeloop.nlp.sentiment;

/** An aspect named in a text: which term named it, in which sentence, and that sentence's sentiment. */
public record AspectMention(String aspect, String term, int sentence, SentimentLabel label, double score) {
}
