package io.closeloop.service.nlp;

import io.closeloop.nlp.sentiment.ChineseSentimentModel;
import io.closeloop.nlp.sentiment.LabelledText;
import io.closeloop.nlp.sentiment.SentimentCorpus;
import io.closeloop.nlp.text.DelimitedText;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * Trains a Chinese sentiment model on a business's own labelled lines:
 * {@code java -jar closeloop.jar train-sentiment --input reviews.csv --output data/zh-sentiment.ser.gz}, then
 * {@code nlp.chineseSentimentModel: data/zh-sentiment.ser.gz} in the configuration. It reports accuracy on a
 * held-out share before training the saved model on every line.
 */
public final class TrainSentimentCommand extends Command {

    public TrainSentimentCommand() {
        super("train-sentiment", "Train a Chinese sentiment model from a labelled CSV or TSV file");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--input").required(true)
                .help("CSV or TSV (by extension) with a label column (positive/negative/neutral, or 1/0) and a text column");
        subparser.addArgument("--output").required(true).help("where to write the model (.ser.gz)");
        subparser.addArgument("--with-default-corpus").action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
                .help("also train on Closeloop's own corpus (delivery, e-commerce, retail, service)");
        subparser.addArgument("--holdout").type(Double.class).setDefault(0.1)
                .help("share of lines held out to report accuracy (0 to skip; default 0.1)");
    }

    /** A bad input file is the user's to fix: say what is wrong, without a stack trace. */
    @Override
    public void onError(io.dropwizard.core.cli.Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println(e instanceof IllegalArgumentException || e instanceof java.io.IOException
                ? "train-sentiment: " + e.getMessage() : e.toString());
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Path input = Path.of(namespace.getString("input"));
        Path output = Path.of(namespace.getString("output"));
        double holdout = namespace.getDouble("holdout");
        if (holdout < 0 || holdout >= 1) {
            throw new IllegalArgumentException("--holdout must be in [0, 1)");
        }
        char delimiter = input.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<LabelledText> lines;
        try (Reader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            lines = new ArrayList<>(SentimentCorpus.read(reader, delimiter));
        } catch (DelimitedText.MalformedException e) {
            throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
        }
        Map<LabelledText.Polarity, Integer> counts = new EnumMap<>(LabelledText.Polarity.class);
        lines.forEach(l -> counts.merge(l.polarity(), 1, Integer::sum));
        System.out.println("read " + lines.size() + " lines from " + input + " " + counts);
        List<LabelledText> extra = namespace.getBoolean("with_default_corpus") ? SentimentCorpus.defaultCorpus() : List.of();
        if (holdout > 0) {
            List<LabelledText> shuffled = new ArrayList<>(lines);
            Collections.shuffle(shuffled, new Random(1));
            int test = (int) Math.round(shuffled.size() * holdout);
            List<LabelledText> train = new ArrayList<>(shuffled.subList(test, shuffled.size()));
            train.addAll(extra);
            ChineseSentimentModel trial = ChineseSentimentModel.train(train);
            int right = 0;
            for (LabelledText line : shuffled.subList(0, test)) {
                if (trial.predict(line.text()) == line.polarity()) {
                    right++;
                }
            }
            System.out.printf("held-out accuracy: %.1f %% of %d lines%n", 100.0 * right / Math.max(1, test), test);
        }
        List<LabelledText> all = new ArrayList<>(lines);
        all.addAll(extra);
        long started = System.nanoTime();
        ChineseSentimentModel model = ChineseSentimentModel.train(all);
        model.write(output);
        System.out.printf("trained on %d lines in %.1f s; wrote %s%n", all.size(), (System.nanoTime() - started) / 1e9, output);
        System.out.println("load it with nlp.chineseSentimentModel: " + output.toAbsolutePath());
    }
}
