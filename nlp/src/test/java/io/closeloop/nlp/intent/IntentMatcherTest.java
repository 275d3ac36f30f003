package io.closeloop.nlp.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntentMatcherTest {

    private static final Set<String> FAQ_INTENTS = Set.of(
            "track_order", "refund_request", "change_address", "cancel_order", "payment_methods", "opening_hours");
    private static final int NEW_INTENTS = 40;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void nothingIsClassifiedBeforeTheFirstTraining() {
        IntentMatcher matcher = new IntentMatcher(IntentModel.Options.DEFAULT);

        assertThat(matcher.model()).isEmpty();
        assertThat(matcher.classify("where is my order", 3)).isEmpty();
    }

    @Test
    void aTrainedModelAnswers() {
        IntentMatcher matcher = new IntentMatcher(IntentModel.Options.DEFAULT);

        IntentModel model = matcher.retrain(Faq.examples());

        assertThat(matcher.model()).containsSame(model);
        assertThat(matcher.classify("我的快递到哪了", 3)).hasValueSatisfying(p -> assertThat(p.intent()).contains("track_order"));
    }

    @Test
    void aFailedRetrainLeavesTheOldModelServing() {
        IntentMatcher matcher = new IntentMatcher(IntentModel.Options.DEFAULT);
        IntentModel old = matcher.retrain(Faq.examples());
        List<IntentExample> oneIntent = Faq.examples().stream().filter(e -> e.intent().equals("cancel_order")).toList();

        assertThatThrownBy(() -> matcher.retrain(oneIntent)).isInstanceOf(IllegalArgumentException.class);

        assertThat(matcher.model()).containsSame(old);
        assertThat(matcher.classify("where is my order", 3))
                .hasValueSatisfying(p -> assertThat(p.intent()).contains("track_order"));
    }

    /**
     * Readers classify on several threads from before a retrain on a large set until after it. The examples are
     * held back at the start of training until every reader has had answers, so those answers provably came
     * while the retrain was running.
     */
    @Test
    void readersKeepGettingAnswersFromTheOldModelWhileARetrainRunsThenFromTheNewOne() throws Exception {
        IntentMatcher matcher = new IntentMatcher(IntentModel.Options.DEFAULT);
        IntentModel old = matcher.retrain(Faq.examples());
        Set<String> newIntents = new java.util.HashSet<>();
        for (int i = 0; i < NEW_INTENTS; i++) {
            newIntents.add("product_" + i);
        }
        HeldBackList examples = new HeldBackList(largeCatalogueFaq());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean released = new AtomicBoolean();
        int readers = 3;
        AtomicInteger[] answersWhileHeld = new AtomicInteger[readers];
        List<Future<List<String>>> problems = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            AtomicInteger held = answersWhileHeld[r] = new AtomicInteger();
            problems.add(threads.submit(() -> read(matcher, stop, released, held, newIntents)));
        }
        Future<IntentModel> retrain = threads.submit(() -> matcher.retrain(examples));

        assertThat(examples.trainingStarted.await(60, TimeUnit.SECONDS)).isTrue();
        for (AtomicInteger held : answersWhileHeld) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (held.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertThat(retrain.isDone()).isFalse();
        assertThat(matcher.model()).containsSame(old);
        released.set(true);
        examples.release.countDown();
        IntentModel trained = retrain.get(300, TimeUnit.SECONDS);
        Thread.sleep(50);
        stop.set(true);

        for (int r = 0; r < readers; r++) {
            assertThat(problems.get(r).get(60, TimeUnit.SECONDS)).as("reader %d", r).isEmpty();
            assertThat(answersWhileHeld[r].get()).as("answers of reader %d during the retrain", r).isGreaterThanOrEqualTo(20);
        }
        assertThat(matcher.model()).containsSame(trained);
        assertThat(trained.intents()).isEqualTo(newIntents);
        Optional<IntentPrediction> after = matcher.classify("does the gadget7 come in another colour", 3);
        assertThat(after).hasValueSatisfying(p -> assertThat(p.ranked().get(0).intent()).isEqualTo("product_7"));
    }

    /** Classifies until stopped; returns what went wrong. */
    private static List<String> read(IntentMatcher matcher, AtomicBoolean stop, AtomicBoolean released,
                                     AtomicInteger answersWhileHeld, Set<String> newIntents) {
        List<String> problems = new ArrayList<>();
        boolean sawNew = false;
        int i = 0;
        while (!stop.get() && problems.size() < 10) {
            String question = i++ % 2 == 0 ? "where is my order" : "does the gadget7 come in another colour";
            try {
                Optional<IntentPrediction> answer = matcher.classify(question, 3);
                boolean stillHeld = !released.get();
                if (answer.isEmpty()) {
                    problems.add("no answer to " + question);
                    continue;
                }
                List<String> intents = answer.get().ranked().stream().map(IntentScore::intent).toList();
                boolean fromOld = FAQ_INTENTS.containsAll(intents);
                boolean fromNew = newIntents.containsAll(intents);
                if (!fromOld && !fromNew) {
                    problems.add("answer from neither model: " + intents);
                } else if (fromOld && sawNew) {
                    problems.add("the old model answered after the new one had: " + intents);
                } else if (stillHeld && !fromOld) {
                    problems.add("the new model answered before its training was complete: " + intents);
                }
                sawNew |= fromNew;
                if (stillHeld) {
                    answersWhileHeld.incrementAndGet();
                }
            } catch (RuntimeException e) {
                problems.add(e.toString());
            }
        }
        return problems;
    }

    /** Forty products with thirty questions each: a retrain that takes a while. */
    private static List<IntentExample> largeCatalogueFaq() {
        List<String> templates = List.of(
                "does the %s come in another colour", "is the %s in stock", "how big is the %s",
                "what is the %s made of", "can I wash the %s", "how much does the %s weigh",
                "is there a warranty on the %s", "does the %s need batteries", "what colours does the %s have",
                "when will the %s be back in stock", "is the %s waterproof", "can the %s be gift wrapped",
                "how long does the %s last", "does the %s fit in a backpack", "is the %s suitable for kids",
                "where is the %s made", "what sizes does the %s come in", "is the %s easy to clean",
                "can I use the %s outdoors", "does the %s have a manual", "%s 有其他颜色吗", "%s 有货吗",
                "%s 多大", "%s 是什么材质", "%s 能水洗吗", "%s 有多重", "%s 保修多久", "%s 需要电池吗",
                "%s 防水吗", "%s 适合小孩用吗");
        List<IntentExample> examples = new ArrayList<>();
        for (int p = 0; p < NEW_INTENTS; p++) {
            for (String template : templates) {
                String locale = template.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                        ? "zh-CN" : "en";
                examples.add(new IntentExample("product_" + p, locale, template.formatted("gadget" + p)));
            }
        }
        return examples;
    }

    /** The examples of a retrain, held back at the first read until released. */
    private static final class HeldBackList extends AbstractList<IntentExample> {
        final CountDownLatch trainingStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final List<IntentExample> examples;
        private final AtomicBoolean first = new AtomicBoolean(true);

        HeldBackList(List<IntentExample> examples) {
            this.examples = examples;
        }

        @Override
        public IntentExample get(int index) {
            if (first.compareAndSet(true, false)) {
                trainingStarted.countDown();
                try {
                    if (!release.await(120, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return examples.get(index);
        }

        @Override
        public int size() {
            return examples.size();
        }
    }
}
