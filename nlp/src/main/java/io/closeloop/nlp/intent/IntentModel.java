package io.closeloop.nlp.intent;

import edu.stanford.nlp.classify.LinearClassifier;
import edu.stanford.nlp.classify.LinearClassifierFactory;
import edu.stanford.nlp.classify.RVFDataset;
import edu.stanford.nlp.ling.RVFDatum;
import edu.stanford.nlp.stats.ClassicCounter;
import edu.stanford.nlp.stats.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A trained intent classifier: CoreNLP's multinomial logistic regression over TF-IDF-weighted, length-normalised
 * {@link IntentFeatures}, with a softmax temperature and an out-of-scope threshold both fitted by
 * cross-validation at training time. Immutable and thread-safe.
 */
public final class IntentModel {

    /**
     * Training settings. {@code folds} of 0 skips calibration (temperature 1, the given fallback threshold);
     * small FAQs get at least five folds, so the calibration models see most of the examples, as the final
     * model does.
     */
    public record Options(double sigma, int folds, double fallbackThreshold, double ambiguityMargin, long seed) {
        public static final Options DEFAULT = new Options(10.0, 2, 0.4, 0.15, 20261127L);

        public Options {
            if (sigma <= 0 || folds < 0 || folds == 1 || ambiguityMargin < 0) {
                throw new IllegalArgumentException("sigma > 0, folds 0 or >= 2, ambiguityMargin >= 0");
            }
        }
    }

    private static final double FINAL_TOLERANCE = 1e-3;
    /** The calibration fits only need the confidences' shape, not the last digits of the optimum. */
    private static final double CALIBRATION_TOLERANCE = 1e-2;

    private final LinearClassifier<String, String> classifier;
    private final Map<String, Double> idf;
    private final double temperature;
    private final double threshold;
    private final double ambiguityMargin;
    private final TrainingReport report;

    private IntentModel(LinearClassifier<String, String> classifier, Map<String, Double> idf, double temperature,
                        double threshold, double ambiguityMargin, TrainingReport report) {
        this.classifier = classifier;
        this.idf = idf;
        this.temperature = temperature;
        this.threshold = threshold;
        this.ambiguityMargin = ambiguityMargin;
        this.report = report;
    }

    public static IntentModel train(List<IntentExample> examples, Options options) {
        long started = System.nanoTime();
        Set<String> intents = new HashSet<>();
        examples.forEach(e -> intents.add(e.intent()));
        if (intents.size() < 2) {
            throw new IllegalArgumentException("the matcher needs at least two intents to tell apart");
        }
        List<Counter<String>> raw = examples.stream().map(e -> IntentFeatures.of(e.text())).toList();
        // The calibration folds and the final model are independent fits: they run side by side.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        Calibration calibration;
        Map<String, Double> idf = idf(raw);
        LinearClassifier<String, String> classifier;
        try {
            Future<LinearClassifier<String, String>> finalFit = pool.submit(() -> fit(examples, raw, idf, options.sigma(), FINAL_TOLERANCE));
            calibration = options.folds() >= 2 && intents.size() >= 3
                    ? crossValidate(examples, raw, options, pool)
                    : new Calibration(1.0, options.fallbackThreshold(), Double.NaN, Double.NaN);
            classifier = finalFit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        TrainingReport report = new TrainingReport(examples.size(), intents.size(), idf.size(),
                calibration.temperature(), calibration.threshold(), calibration.accuracy(), calibration.outOfScopeRecall(),
                Duration.ofNanos(System.nanoTime() - started));
        return new IntentModel(classifier, idf, calibration.temperature(), calibration.threshold(),
                options.ambiguityMargin(), report);
    }

    /** The {@code k} likeliest intents of a question, with the out-of-scope and ambiguity decisions. */
    public IntentPrediction classify(String text, int k) {
        List<IntentScore> ranked = probabilities(weigh(IntentFeatures.of(text), idf));
        List<IntentScore> top = ranked.subList(0, Math.min(Math.max(k, 1), ranked.size()));
        IntentScore first = ranked.get(0);
        IntentScore second = ranked.size() > 1 ? ranked.get(1) : new IntentScore("", 0);
        boolean ambiguous = second.confidence() >= threshold / 2
                && first.confidence() - second.confidence() < ambiguityMargin;
        boolean outOfScope = first.confidence() < threshold
                && !(ambiguous && first.confidence() + second.confidence() >= threshold);
        return new IntentPrediction(outOfScope ? Optional.empty() : Optional.of(first.intent()),
                first.confidence(), outOfScope, ambiguous, top);
    }

    public TrainingReport report() {
        return report;
    }

    public Set<String> intents() {
        return new HashSet<>(classifier.labels());
    }

    private List<IntentScore> probabilities(RVFDatum<String, String> datum) {
        return softmax(classifier.scoresOf(datum), temperature);
    }

    private static List<IntentScore> softmax(Counter<String> scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores.values()) {
            max = Math.max(max, s / temperature);
        }
        double sum = 0;
        Map<String, Double> exp = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            double v = Math.exp(e.getValue() / temperature - max);
            exp.put(e.getKey(), v);
            sum += v;
        }
        List<IntentScore> ranked = new ArrayList<>(exp.size());
        for (Map.Entry<String, Double> e : exp.entrySet()) {
            ranked.add(new IntentScore(e.getKey(), Math.round(e.getValue() / sum * 10000) / 10000.0));
        }
        ranked.sort(Comparator.comparingDouble(IntentScore::confidence).reversed().thenComparing(IntentScore::intent));
        return ranked;
    }

    private static LinearClassifier<String, String> fit(List<IntentExample> examples, List<Counter<String>> raw,
                                                        Map<String, Double> idf, double sigma, double tolerance) {
        RVFDataset<String, String> dataset = new RVFDataset<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            RVFDatum<String, String> datum = weigh(raw.get(i), idf);
            datum.setLabel(examples.get(i).intent());
            dataset.add(datum);
        }
        LinearClassifierFactory<String, String> factory = new LinearClassifierFactory<>(tolerance, false, sigma);
        factory.setVerbose(false);
        return factory.trainClassifier(dataset);
    }

    private static Map<String, Double> idf(List<Counter<String>> documents) {
        Map<String, Integer> df = new HashMap<>();
        for (Counter<String> doc : documents) {
            for (String feature : doc.keySet()) {
                df.merge(feature, 1, Integer::sum);
            }
        }
        Map<String, Double> idf = new HashMap<>(df.size() * 2);
        double n = documents.size();
        df.forEach((feature, count) -> idf.put(feature, Math.log((1 + n) / (1 + count)) + 1));
        return idf;
    }

    /** Sublinear term frequency times IDF, unit length; features unseen in training are dropped. */
    private static RVFDatum<String, String> weigh(Counter<String> raw, Map<String, Double> idf) {
        Counter<String> weighted = new ClassicCounter<>();
        double norm = 0;
        for (Map.Entry<String, Double> e : raw.entrySet()) {
            Double weight = idf.get(e.getKey());
            if (weight != null) {
                double value = (1 + Math.log(e.getValue())) * weight;
                weighted.setCount(e.getKey(), value);
                norm += value * value;
            }
        }
        if (norm > 0) {
            double length = Math.sqrt(norm);
            for (String key : new ArrayList<>(weighted.keySet())) {
                weighted.setCount(key, weighted.getCount(key) / length);
            }
        }
        return new RVFDatum<>(weighted);
    }

    private record Calibration(double temperature, double threshold, double accuracy, double outOfScopeRecall) {
    }

    private record HeldOut(String truth, Counter<String> scores, boolean unknownIntent) {
    }

    /**
     * Each fold hides a sixth of the intents entirely (they play questions the FAQ does not cover) and a
     * {@code 1/folds} share of every other intent's examples, trains on the rest and scores what it hid.
     * The folds run side by side on the pool.
     */
    private static Calibration crossValidate(List<IntentExample> examples, List<Counter<String>> raw, Options options,
                                             ExecutorService pool) throws InterruptedException, ExecutionException {
        Random random = new Random(options.seed());
        List<String> intents = new ArrayList<>(new java.util.TreeSet<>(examples.stream().map(IntentExample::intent).toList()));
        int folds = examples.size() < 3000 ? Math.max(options.folds(), 5) : options.folds();
        int[] fold = new int[examples.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        for (int i = 0; i < order.size(); i++) {
            fold[order.get(i)] = i % folds;
        }
        List<Future<List<HeldOut>>> pending = new ArrayList<>();
        int unknownPerFold = Math.max(1, intents.size() / 6);
        for (int f = 0; f < folds; f++) {
            List<String> shuffled = new ArrayList<>(intents);
            Collections.shuffle(shuffled, random);
            Set<String> unknown = new HashSet<>(shuffled.subList(0, unknownPerFold));
            List<IntentExample> trainExamples = new ArrayList<>();
            List<Counter<String>> trainRaw = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                boolean hidden = unknown.contains(examples.get(i).intent());
                if (hidden || fold[i] == f) {
                    test.add(i);
                } else {
                    trainExamples.add(examples.get(i));
                    trainRaw.add(raw.get(i));
                }
            }
            if (trainExamples.stream().map(IntentExample::intent).distinct().count() < 2) {
                continue;
            }
            pending.add(pool.submit(() -> {
                Map<String, Double> idf = idf(trainRaw);
                LinearClassifier<String, String> classifier = fit(trainExamples, trainRaw, idf, options.sigma(),
                        CALIBRATION_TOLERANCE);
                List<HeldOut> scored = new ArrayList<>();
                for (int i : test) {
                    scored.add(new HeldOut(examples.get(i).intent(), classifier.scoresOf(weigh(raw.get(i), idf)),
                            unknown.contains(examples.get(i).intent())));
                }
                return scored;
            }));
        }
        List<HeldOut> heldOut = new ArrayList<>();
        for (Future<List<HeldOut>> done : pending) {
            heldOut.addAll(done.get());
        }
        double temperature = fitTemperature(heldOut);
        List<double[]> known = new ArrayList<>();
        List<Double> unknown = new ArrayList<>();
        for (HeldOut h : heldOut) {
            IntentScore top = softmax(h.scores(), temperature).get(0);
            if (h.unknownIntent()) {
                unknown.add(top.confidence());
            } else {
                known.add(new double[] {top.confidence(), top.intent().equals(h.truth()) ? 1 : 0});
            }
        }
        return chooseThreshold(temperature, known, unknown, options.fallbackThreshold());
    }

    /** The temperature that minimises the held-out log loss of the known intents. */
    private static double fitTemperature(List<HeldOut> heldOut) {
        double best = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double t = 0.1; t <= 3.0001; t += 0.05) {
            double loss = 0;
            for (HeldOut h : heldOut) {
                if (h.unknownIntent()) {
                    continue;
                }
                double p = 1e-12;
                for (IntentScore s : softmax(h.scores(), t)) {
                    if (s.intent().equals(h.truth())) {
                        p = Math.max(p, s.confidence());
                    }
                }
                loss -= Math.log(p);
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return Math.round(best * 100) / 100.0;
    }

    /**
     * The threshold that maximises (known questions answered correctly) + (unknown questions refused), each as a
     * share of its kind.
     */
    private static Calibration chooseThreshold(double temperature, List<double[]> known, List<Double> unknown,
                                               double fallback) {
        if (known.isEmpty() || unknown.isEmpty()) {
            return new Calibration(temperature, fallback, Double.NaN, Double.NaN);
        }
        List<Double> candidates = new ArrayList<>();
        known.forEach(k -> candidates.add(k[0]));
        candidates.addAll(unknown);
        double best = fallback;
        double bestScore = -1;
        double bestAccuracy = 0;
        double bestRecall = 0;
        for (double t : candidates) {
            double correct = 0;
            for (double[] k : known) {
                if (k[0] >= t && k[1] == 1) {
                    correct++;
                }
            }
            double refused = 0;
            for (double u : unknown) {
                if (u < t) {
                    refused++;
                }
            }
            double accuracy = correct / known.size();
            double recall = refused / unknown.size();
            if (accuracy + recall > bestScore) {
                bestScore = accuracy + recall;
                best = t;
                bestAccuracy = accuracy;
                bestRecall = recall;
            }
        }
        return new Calibration(temperature, best, bestAccuracy, bestRecall);
    }
}
