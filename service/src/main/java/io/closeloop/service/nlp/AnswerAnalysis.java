package io.closeloop.service.nlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.nlp.NlpModels;
import io.closeloop.nlp.sentiment.AspectMention;
import io.closeloop.nlp.sentiment.SentimentAnalyzer;
import io.closeloop.nlp.sentiment.SentimentResult;
import io.closeloop.nlp.sentiment.SentimentLabel;
import io.closeloop.service.ticket.Tickets;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses free-text answers from the durable job table: a poller claims due jobs (a lease, so several
 * instances share the table safely) and a pool sized to the cores runs them. Nothing waits for it; until the
 * models have loaded, jobs simply wait.
 */
public final class AnswerAnalysis implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerAnalysis.class);

    public record Settings(int workers, Duration pollInterval, Duration lease, int maxAttempts) {
    }

    private final Jdbi jdbi;
    private final NlpModels models;
    private final ObjectMapper json;
    private final Tickets tickets;
    private final Clock clock;
    private final Settings settings;
    private final String owner = "nlp-" + UUID.randomUUID();
    private ScheduledExecutorService poller;
    private ExecutorService pool;

    public AnswerAnalysis(Jdbi jdbi, NlpModels models, ObjectMapper json, Tickets tickets, Clock clock,
                          Settings settings) {
        this.tickets = tickets;
        this.jdbi = jdbi;
        this.models = models;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void start() {
        pool = Executors.newFixedThreadPool(settings.workers(), daemon("nlp-worker"));
        poller = Executors.newSingleThreadScheduledExecutor(daemon("nlp-poller"));
        poller.scheduleWithFixedDelay(() -> {
            try {
                while (runOnce() == batchSize()) {
                    // a full batch: there may be more due right now
                }
            } catch (RuntimeException e) {
                LOG.warn("answer analysis poll failed: {}", io.closeloop.channels.PersonalData.scrub(e.toString()));
            }
        }, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (poller != null) {
            poller.shutdownNow();
            pool.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Claims and analyses one batch of due jobs; returns how many it claimed (0 while the models load). */
    public int runOnce() {
        Optional<SentimentAnalyzer> analyzer = models.sentiment();
        if (analyzer.isEmpty()) {
            return 0;
        }
        Instant now = now();
        List<AnalysisDao.DueJob> due = jdbi.withExtension(AnalysisDao.class, dao -> dao.due(now, batchSize()));
        List<Callable<Void>> work = new ArrayList<>();
        for (AnalysisDao.DueJob job : due) {
            int claimed = jdbi.withExtension(AnalysisDao.class, dao -> dao.claim(job.invitationId(), job.questionId(),
                    owner, now, now.plus(settings.lease())));
            if (claimed == 1) {
                work.add(() -> {
                    analyse(job, analyzer.get());
                    return null;
                });
            }
        }
        try {
            if (pool == null) {
                for (Callable<Void> task : work) {
                    task.call();
                }
            } else {
                pool.invokeAll(work);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return work.size();
    }

    public long backlog() {
        return jdbi.withExtension(AnalysisDao.class, AnalysisDao::backlog);
    }

    private int batchSize() {
        return settings.workers() * 8;
    }

    private void analyse(AnalysisDao.DueJob job, SentimentAnalyzer analyzer) {
        try {
            if (job.text() == null || job.text().isBlank()) {
                jdbi.useExtension(AnalysisDao.class, dao -> dao.finish(job.invitationId(), job.questionId(), owner,
                        "done", null));
                return;
            }
            SentimentResult result = analyzer.analyze(job.text(), Optional.empty());
            boolean labelled = !result.sentences().isEmpty();
            String aspects = aspectsJson(result.aspects());
            jdbi.useTransaction(handle -> {
                AnalysisDao dao = handle.attach(AnalysisDao.class);
                dao.storeResult(job.invitationId(), job.questionId(), labelled ? result.label().wireName() : null,
                        labelled ? result.score() : null, result.language().code(), aspects, now());
                dao.clearAspects(job.invitationId(), job.questionId());
                Map<String, AspectMention> firstPerAspect = new LinkedHashMap<>();
                result.aspects().forEach(m -> firstPerAspect.putIfAbsent(m.aspect(), m));
                for (AspectMention mention : firstPerAspect.values()) {
                    dao.addAspect(job.invitationId(), job.questionId(), mention.aspect(), mention.label().wireName(),
                            mention.score());
                }
                if (labelled && result.label().isNegative()) {
                    // A complaint in the customer's own words: a person follows up (one open ticket per customer).
                    // Its topic is the first aspect the customer complained about.
                    String topic = result.aspects().stream().filter(m -> m.label().isNegative())
                            .map(AspectMention::aspect).findFirst().orElse(Tickets.GENERAL);
                    int severity = result.label() == SentimentLabel.VERY_NEGATIVE ? Tickets.HIGH : Tickets.NORMAL;
                    dao.respondent(job.invitationId()).ifPresent(r -> tickets.open(handle, new Tickets.Trigger(
                            r.customerId(), r.channel(), r.address(), r.locale(), "negative_feedback", job.text(),
                            topic, severity), now()));
                }
                dao.finish(job.invitationId(), job.questionId(), owner, "done", null);
            });
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (job.attempts() + 1 >= settings.maxAttempts()) {
                LOG.warn("analysis of an answer of invitation {} failed for good: {}", job.invitationId(),
                        io.closeloop.channels.PersonalData.scrub(error));
                jdbi.useExtension(AnalysisDao.class, dao -> dao.finish(job.invitationId(), job.questionId(), owner,
                        "failed", trim(error)));
            } else {
                Instant retryAt = now().plusSeconds(10L << Math.min(job.attempts(), 10));
                jdbi.useExtension(AnalysisDao.class, dao -> dao.release(job.invitationId(), job.questionId(), owner,
                        retryAt, trim(error)));
            }
        }
    }

    private String aspectsJson(List<AspectMention> mentions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AspectMention m : mentions) {
            rows.add(Map.of("aspect", m.aspect(), "term", m.term(), "label", m.label().wireName(), "score", m.score()));
        }
        try {
            String text = json.writeValueAsString(rows);
            return text.length() <= 2000 ? text : json.writeValueAsString(rows.subList(0, Math.min(rows.size(), 10)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String trim(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
