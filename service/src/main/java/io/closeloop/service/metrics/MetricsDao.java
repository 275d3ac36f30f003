package io.closeloop.service.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Read-only queries behind the CX figures. Filters are optional: an empty string means "any". Scores count
 * by the time of the answer, the funnel by the time the invitation was created.
 */
public interface MetricsDao {

    String FILTERS = """
              AND (:channel = '' OR i.channel = :channel)
              AND (:store = '' OR p.store = :store)
              AND (:product = '' OR EXISTS (SELECT 1 FROM purchase_product pp WHERE pp.purchase_id = p.id AND pp.sku = :product))
            """;

    record ScoreCount(String questionType, int score, long n) {
    }

    @SqlQuery("""
            SELECT a.question_type, a.score, COUNT(*) AS n
            FROM survey_answer a
            JOIN survey_invitation i ON i.id = a.invitation_id
            JOIN purchase p ON p.id = i.purchase_id
            WHERE a.skipped = FALSE AND a.score IS NOT NULL AND a.question_type IN ('nps', 'csat', 'ces')
              AND a.answered_at >= :from AND a.answered_at < :to
            """ + FILTERS + """
            GROUP BY a.question_type, a.score
            """)
    @RegisterConstructorMapper(ScoreCount.class)
    List<ScoreCount> scoreCounts(@Bind("from") Instant from, @Bind("to") Instant to, @BindMethods MetricsFilter filter);

    /**
     * Per channel, how many invitations reached at least each stage: a later stage implies the earlier ones (a
     * survey answered was delivered and opened), so no count is larger than the one before. {@code created}
     * and the stages exclude suppressed invitations, which are counted apart. Which stages a channel has is
     * decided by {@link Funnels}; {@code queued} and {@code sent} mean nothing for the web, {@code delivered}
     * nothing for WeChat (it reports no delivery), {@code opened} nothing for SMS.
     */
    record FunnelRow(String channel, long suppressed, long created, long queued, long sent, long delivered,
            long opened, long started, long completed) {
    }

    /**
     * The invitation's own columns, and for texts the outbound queue's row (its key is the invitation id +
     * ":invitation"): queued once the scheduler tried to send it, sent once the channel accepted it (the queue
     * says so for SMS; for a channel sent to directly, {@code sent_at}), delivered when the channel reported it.
     */
    @SqlQuery("""
            SELECT f.channel,
                   SUM(f.suppressed) AS suppressed,
                   SUM(1 - f.suppressed) AS created,
                   SUM((1 - f.suppressed) * GREATEST(f.queued, f.sent, f.delivered, f.started, f.completed)) AS queued,
                   SUM((1 - f.suppressed) * GREATEST(f.sent, f.delivered, f.started, f.completed)) AS sent,
                   SUM((1 - f.suppressed) * GREATEST(f.delivered, f.started, f.completed)) AS delivered,
                   SUM((1 - f.suppressed) * GREATEST(f.opened, f.started, f.completed)) AS opened,
                   SUM((1 - f.suppressed) * GREATEST(f.started, f.completed)) AS started,
                   SUM((1 - f.suppressed) * f.completed) AS completed
            FROM (
                SELECT i.channel,
                       CASE WHEN i.status = 'suppressed' THEN 1 ELSE 0 END AS suppressed,
                       CASE WHEN o.id IS NOT NULL OR i.sent_at IS NOT NULL OR i.send_attempts > 0 THEN 1 ELSE 0 END AS queued,
                       CASE WHEN (o.id IS NULL AND i.sent_at IS NOT NULL) OR o.status = 'sent' THEN 1 ELSE 0 END AS sent,
                       CASE WHEN o.provider_status IN ('delivered', 'read') THEN 1 ELSE 0 END AS delivered,
                       CASE WHEN i.opened_at IS NOT NULL THEN 1 ELSE 0 END AS opened,
                       CASE WHEN i.first_answer_at IS NOT NULL THEN 1 ELSE 0 END AS started,
                       CASE WHEN i.completed_at IS NOT NULL THEN 1 ELSE 0 END AS completed
                FROM survey_invitation i
                JOIN purchase p ON p.id = i.purchase_id
                LEFT JOIN outbound_message o ON o.idempotency_key = CONCAT(i.id, ':invitation')
                WHERE i.created_at >= :from AND i.created_at < :to
            """ + FILTERS + """
            ) f
            GROUP BY f.channel
            ORDER BY f.channel
            """)
    @RegisterConstructorMapper(FunnelRow.class)
    List<FunnelRow> funnel(@Bind("from") Instant from, @Bind("to") Instant to, @BindMethods MetricsFilter filter);

    record DailyScore(LocalDate answerDay, int score, long n) {
    }

    /** Score counts per UTC day for one question type; days are rolled up into weeks and months in Java. */
    @SqlQuery("""
            SELECT CAST(a.answered_at AS DATE) AS answer_day, a.score, COUNT(*) AS n
            FROM survey_answer a
            JOIN survey_invitation i ON i.id = a.invitation_id
            JOIN purchase p ON p.id = i.purchase_id
            WHERE a.skipped = FALSE AND a.score IS NOT NULL AND a.question_type = :type
              AND a.answered_at >= :from AND a.answered_at < :to
            """ + FILTERS + """
            GROUP BY CAST(a.answered_at AS DATE), a.score
            """)
    @RegisterConstructorMapper(DailyScore.class)
    List<DailyScore> dailyScores(@Bind("type") String type, @Bind("from") Instant from, @Bind("to") Instant to,
            @BindMethods MetricsFilter filter);


    /** Every answer of every response whose first answer came in the period, grouped by response. */
    @SqlQuery("""
            SELECT i.id AS invitation_id, p.order_id, c.external_id AS customer_external_id, i.channel, i.locale,
                   p.store, t.template_key, t.version AS template_version, i.status, i.sent_at, i.first_answer_at,
                   i.completed_at, a.question_id, a.question_type, a.score, a.choice_value, a.text_value, a.skipped,
                   a.duration_ms, a.answered_at, a.sentiment_label, a.sentiment_score, a.sentiment_aspects
            FROM survey_invitation i
            JOIN purchase p ON p.id = i.purchase_id
            JOIN customer c ON c.id = i.customer_id
            JOIN survey_template t ON t.id = i.template_id
            JOIN survey_answer a ON a.invitation_id = i.id
            WHERE i.first_answer_at >= :from AND i.first_answer_at < :to
            """ + FILTERS + """
            ORDER BY i.first_answer_at, i.id, a.question_id
            """)
    @RegisterConstructorMapper(AnswerForExport.class)
    Stream<AnswerForExport> exportRows(@Bind("from") Instant from, @Bind("to") Instant to, @BindMethods MetricsFilter filter);

    record LabelCount(String label, long n, double total) {
    }

    /** Analysed free-text answers per sentiment label, by the time of the answer. */
    @SqlQuery("""
            SELECT a.sentiment_label AS label, COUNT(*) AS n, SUM(a.sentiment_score) AS total
            FROM survey_answer a
            JOIN survey_invitation i ON i.id = a.invitation_id
            JOIN purchase p ON p.id = i.purchase_id
            WHERE a.sentiment_label IS NOT NULL AND a.answered_at >= :from AND a.answered_at < :to
            """ + FILTERS + """
            GROUP BY a.sentiment_label
            """)
    @RegisterConstructorMapper(LabelCount.class)
    List<LabelCount> sentimentLabels(@Bind("from") Instant from, @Bind("to") Instant to, @BindMethods MetricsFilter filter);

    record AspectCount(String aspect, long negative, long mentions, double total) {
    }

    /** The aspects customers complained about most, by negative mentions. */
    @SqlQuery("""
            SELECT x.aspect,
                   SUM(CASE WHEN x.label IN ('negative', 'very_negative') THEN 1 ELSE 0 END) AS negative,
                   COUNT(*) AS mentions, SUM(x.score) AS total
            FROM answer_aspect x
            JOIN survey_invitation i ON i.id = x.invitation_id
            JOIN purchase p ON p.id = i.purchase_id
            WHERE x.answered_at >= :from AND x.answered_at < :to
            """ + FILTERS + """
            GROUP BY x.aspect
            ORDER BY negative DESC, mentions DESC, x.aspect
            LIMIT :limit
            """)
    @RegisterConstructorMapper(AspectCount.class)
    List<AspectCount> aspectCounts(@Bind("from") Instant from, @Bind("to") Instant to, @BindMethods MetricsFilter filter,
            @Bind("limit") int limit);
}
