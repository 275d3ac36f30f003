package io.closeloop.nlp.sentiment;

import io.closeloop.nlp.Language;
import io.closeloop.nlp.LanguageDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sentiment analyzer: English through CoreNLP's sentiment model, Chinese through Closeloop's own model,
 * aspects from the taxonomy, each carrying its sentence's sentiment. A text's score is the length-weighted
 * mean of its sentences; it is {@code mixed} when one sentence is positive and another negative.
 * Results of recent texts are cached: survey answers repeat ("great", "好评") more than prose does.
 */
public final class FeedbackSentiment implements SentimentAnalyzer {
    private static final double CLEAR = 0.25;

    private final SentenceScorer english;
    private final SentenceScorer chinese;
    private final AspectTaxonomy taxonomy;
    private final Map<String, SentimentResult> cache;

    public FeedbackSentiment(EnglishSentiment english, ChineseSentimentModel chinese, AspectTaxonomy taxonomy,
                             int cacheSize) {
        this((SentenceScorer) english, new ChineseSentiment(chinese), taxonomy, cacheSize);
    }

    FeedbackSentiment(SentenceScorer english, SentenceScorer chinese, AspectTaxonomy taxonomy, int cacheSize) {
        this.english = english;
        this.chinese = chinese;
        this.taxonomy = taxonomy;
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SentimentResult> eldest) {
                return size() > cacheSize;
            }
        });
    }

    @Override
    public SentimentResult analyze(String text, Optional<Language> requested) {
        Language language = requested.orElseGet(() -> LanguageDetector.detect(text));
        String key = language.code() + '\u0000' + text;
        SentimentResult cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        SentimentResult result = compute(text, language);
        cache.put(key, result);
        return result;
    }

    private SentimentResult compute(String text, Language language) {
        List<ScoredSentence> scored = switch (language) {
            case EN -> english.score(text);
            case ZH -> chinese.score(text);
            case OTHER -> Emoji.onlyEmojiAndPunctuation(text)
                    ? List.of(new ScoredSentence(text.strip(), 0, List.of()))
                    : List.of();
        };
        List<SentenceSentiment> sentences = new ArrayList<>(scored.size());
        List<AspectMention> aspects = new ArrayList<>();
        double weighted = 0;
        double weights = 0;
        boolean clearlyPositive = false;
        boolean clearlyNegative = false;
        for (int i = 0; i < scored.size(); i++) {
            ScoredSentence sentence = scored.get(i);
            double score = withEmoji(sentence.score(), sentence.text());
            SentimentLabel label = SentimentLabel.ofScore(score);
            sentences.add(new SentenceSentiment(i, sentence.text(), label, round(score)));
            double weight = Math.max(1, sentence.text().codePointCount(0, sentence.text().length()));
            weighted += weight * score;
            weights += weight;
            clearlyPositive |= label == SentimentLabel.POSITIVE || label == SentimentLabel.VERY_POSITIVE;
            clearlyNegative |= label.isNegative();
            List<AspectTaxonomy.Term> terms = language == Language.EN
                    ? taxonomy.matchEnglish(sentence.lemmas())
                    : taxonomy.matchChinese(sentence.text());
            for (AspectTaxonomy.Term term : terms) {
                aspects.add(new AspectMention(term.aspect(), term.term(), i, label, round(score)));
            }
        }
        double score = weights == 0 ? 0 : weighted / weights;
        SentimentLabel label = clearlyPositive && clearlyNegative ? SentimentLabel.MIXED : SentimentLabel.ofScore(score);
        return new SentimentResult(language, label, round(score), sentences, aspects);
    }

    /** An emoji settles a sentence the words leave neutral, and strengthens one that agrees with it. */
    private static double withEmoji(double score, String text) {
        double emoji = Emoji.polarity(text);
        if (emoji == 0) {
            return score;
        }
        if (Math.abs(score) < CLEAR || Math.signum(score) == Math.signum(emoji)) {
            return Math.max(-1, Math.min(1, score + 0.5 * emoji));
        }
        return score;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
