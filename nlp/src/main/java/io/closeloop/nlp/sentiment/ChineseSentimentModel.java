package io.closeloop.nlp.sentiment;

import edu.stanford.nlp.classify.Dataset;
import edu.stanford.nlp.classify.LinearClassifier;
import edu.stanford.nlp.classify.LinearClassifierFactory;
import edu.stanford.nlp.ling.BasicDatum;
import edu.stanford.nlp.stats.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A Chinese sentence-polarity model: CoreNLP's multinomial logistic regression over character n-grams and
 * lexicon features. CoreNLP ships no Chinese sentiment model; this one is trained from labelled lines, by
 * default the project's own corpus, or a business's own file through the train command.
 */
public final class ChineseSentimentModel implements Serializable {
    private static final long serialVersionUID = 1L;
    /** L2 prior; chosen on a seeded split of the default corpus (see docs/BENCHMARKS.md). */
    private static final double SIGMA = 1.0;

    private final LinearClassifier<String, String> classifier;
    private final int trainingLines;

    private ChineseSentimentModel(LinearClassifier<String, String> classifier, int trainingLines) {
        this.classifier = classifier;
        this.trainingLines = trainingLines;
    }

    public static ChineseSentimentModel train(List<LabelledText> lines) {
        long polarities = lines.stream().map(LabelledText::polarity).distinct().count();
        if (polarities < 2) {
            throw new IllegalArgumentException("training needs lines of at least two polarities");
        }
        ChineseLexicon lexicon = ChineseLexicon.standard();
        Dataset<String, String> dataset = new Dataset<>(lines.size());
        for (LabelledText line : lines) {
            dataset.add(new BasicDatum<>(ChineseFeatures.of(ChineseLexicon.normalize(line.text()), lexicon),
                    line.polarity().name()));
        }
        LinearClassifierFactory<String, String> factory = new LinearClassifierFactory<>(1e-4, false, SIGMA);
        factory.setVerbose(false);
        return new ChineseSentimentModel(factory.trainClassifier(dataset), lines.size());
    }

    public static ChineseSentimentModel trainDefault() {
        return train(SentimentCorpus.defaultCorpus());
    }

    /** P(positive) − P(negative) of a whole line, in [-1, 1]: positive above 0, negative below. */
    public double polarityOf(String text) {
        return polarity(ChineseLexicon.normalize(text));
    }

    /** P(positive) − P(negative) of one normalized sentence, in [-1, 1]. */
    double polarity(String normalizedSentence) {
        Counter<String> p = classifier.probabilityOf(
                new BasicDatum<>(ChineseFeatures.of(normalizedSentence, ChineseLexicon.standard())));
        return p.getCount(LabelledText.Polarity.POSITIVE.name()) - p.getCount(LabelledText.Polarity.NEGATIVE.name());
    }

    /** The polarity the model gives a whole line, as the benchmark and the train command score it. */
    public LabelledText.Polarity predict(String text) {
        double polarity = polarity(ChineseLexicon.normalize(text));
        if (Math.abs(polarity) < 0.2 && classifier.labels().contains(LabelledText.Polarity.NEUTRAL.name())) {
            return LabelledText.Polarity.NEUTRAL;
        }
        return polarity > 0 ? LabelledText.Polarity.POSITIVE : LabelledText.Polarity.NEGATIVE;
    }

    public int trainingLines() {
        return trainingLines;
    }

    public void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary);
             ObjectOutputStream objects = new ObjectOutputStream(new GZIPOutputStream(out))) {
            objects.writeObject(this);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a model written by {@link #write}. Java serialization, limited to the classes a model is
     * made of. */
    public static ChineseSentimentModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             ObjectInputStream objects = new ObjectInputStream(new GZIPInputStream(in))) {
            objects.setObjectInputFilter(java.io.ObjectInputFilter.Config.createFilter(
                    "io.closeloop.nlp.**;edu.stanford.nlp.**;java.**;[*;!*"));
            Object model = objects.readObject();
            if (!(model instanceof ChineseSentimentModel chinese)) {
                throw new IOException(file + " is not a Closeloop Chinese sentiment model");
            }
            return chinese;
        } catch (ClassNotFoundException e) {
            throw new IOException(file + " is not a Closeloop Chinese sentiment model", e);
        }
    }
}
