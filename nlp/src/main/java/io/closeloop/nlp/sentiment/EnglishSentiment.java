package io.closeloop.nlp.sentiment;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.util.CoreMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.ejml.simple.SimpleMatrix;

/**
 * English sentences scored by CoreNLP's sentiment model (the recursive neural tensor network over binarized
 * parse trees). The score is the expected value of its five classes on -1, -0.5, 0, 0.5, 1.
 *
 * <p>{@link Pipeline#FAST} is what the service runs: the shift-reduce parser instead of the PCFG parser, and no
 * dependency graphs built from each tree (the parser annotator builds three by default; the sentiment model
 * reads none). {@link Pipeline#STOCK} is CoreNLP's default pipeline with the PCFG parser, kept so the benchmark
 * can measure both on the same texts.
 */
public final class EnglishSentiment implements SentenceScorer {
    private static final double[] CLASS_VALUES = {-1, -0.5, 0, 0.5, 1};

    public enum Pipeline {
        FAST, STOCK
    }

    private final StanfordCoreNLP pipeline;
    private final boolean lexiconCheck;

    /** The service's scorer: the fast pipeline, checked against the feedback lexicon. */
    public EnglishSentiment() {
        this(Pipeline.FAST, true);
    }

    /**
     * @param lexiconCheck where the model and the feedback lexicon disagree on a sentence's polarity (or the model
     *                     sees none), the score leans to the lexicon: (model + 2 × lexicon) / 3
     */
    public EnglishSentiment(Pipeline variant, boolean lexiconCheck) {
        this.pipeline = new StanfordCoreNLP(properties(variant));
        this.lexiconCheck = lexiconCheck;
    }

    static Properties properties(Pipeline variant) {
        Properties properties = new Properties();
        properties.setProperty("annotators", "tokenize,ssplit,pos,lemma,parse,sentiment");
        properties.setProperty("tokenize.language", "en");
        if (variant == Pipeline.FAST) {
            properties.setProperty("parse.model", "edu/stanford/nlp/models/srparser/englishSR.ser.gz");
            properties.setProperty("parse.binaryTrees", "true");
            properties.setProperty("parse.buildgraphs", "false");
            // Linear-time parsing makes a cap unnecessary for speed; it bounds one pathological sentence.
            properties.setProperty("parse.maxlen", "200");
        }
        return properties;
    }

    @Override
    public List<ScoredSentence> score(String text) {
        Annotation document = new Annotation(text);
        pipeline.annotate(document);
        List<ScoredSentence> sentences = new ArrayList<>();
        for (CoreMap sentence : document.get(CoreAnnotations.SentencesAnnotation.class)) {
            Tree tree = sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
            List<CoreLabel> tokens = sentence.get(CoreAnnotations.TokensAnnotation.class);
            List<String> lemmas = new ArrayList<>(tokens.size());
            List<String> words = new ArrayList<>(tokens.size());
            for (CoreLabel token : tokens) {
                String lemma = token.lemma() != null ? token.lemma() : token.word();
                lemmas.add(lemma.toLowerCase(Locale.ROOT));
                words.add(token.word().toLowerCase(Locale.ROOT));
            }
            double score = tree == null ? 0 : expectedValue(RNNCoreAnnotations.getPredictions(tree));
            if (lexiconCheck) {
                score = checked(score, EnglishLexicon.standard().polarity(words, lemmas));
            }
            sentences.add(new ScoredSentence(sentence.get(CoreAnnotations.TextAnnotation.class), score, lemmas));
        }
        return sentences;
    }

    private static double checked(double model, double lexicon) {
        if (Double.isNaN(lexicon) || lexicon == 0 || (Math.signum(model) == Math.signum(lexicon) && Math.abs(model) >= 0.15)) {
            return model;
        }
        return (model + 2 * lexicon) / 3;
    }

    private static double expectedValue(SimpleMatrix predictions) {
        double value = 0;
        for (int i = 0; i < CLASS_VALUES.length; i++) {
            value += CLASS_VALUES[i] * predictions.get(i);
        }
        return value;
    }
}
