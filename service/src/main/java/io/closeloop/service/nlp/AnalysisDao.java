package io.closeloop.service.nlp;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The analysis jobs for free-text answers and where their results go. */
public interface AnalysisDao {

    /** A due job with the text it is about; {@code text} is null if the answer has since been skipped. */
    record DueJob(String invitationId, String questionId, int attempts, String text) {
    }

    /** Queues (or re-queues, when the customer changed the answer) the analysis of one answer. */
    default void enqueue(String invitationId, String questionId, Instant now) {
        if (requeue(invitationId, questionId, now) == 0) {
            insert(invitationId, questionId, now);
        }
    }

    @SqlUpdate("""
            UPDATE nlp_job SET status = 'queued', attempts = 0, not_before = :now, last_error = NULL,
                   claim_owner = NULL, lease_until = NULL
            WHERE invitation_id = :invitationId AND question_id = :questionId
            """)
    int requeue(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId,
            @Bind("now") Instant now);

    @SqlUpdate("""
            INSERT INTO nlp_job (invitation_id, question_id, status, attempts, not_before, created_at)
            VALUES (:invitationId, :questionId, 'queued', 0, :now, :now)
            """)
    void insert(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId,
            @Bind("now") Instant now);

    @SqlQuery("""
            SELECT j.invitation_id, j.question_id, j.attempts, a.text_value AS text
            FROM nlp_job j
            LEFT JOIN survey_answer a ON a.invitation_id = j.invitation_id AND a.question_id = j.question_id
            WHERE j.status = 'queued' AND j.not_before <= :now AND (j.lease_until IS NULL OR j.lease_until < :now)
            ORDER BY j.not_before LIMIT :limit
            """)
    @RegisterConstructorMapper(DueJob.class)
    List<DueJob> due(@Bind("now") Instant now, @Bind("limit") int limit);

    @SqlUpdate("""
            UPDATE nlp_job SET claim_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1
            WHERE invitation_id = :invitationId AND question_id = :questionId AND status = 'queued'
              AND (lease_until IS NULL OR lease_until < :now)
            """)
    int claim(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId,
            @Bind("owner") String owner, @Bind("now") Instant now, @Bind("leaseUntil") Instant leaseUntil);

    @SqlUpdate("""
            UPDATE survey_answer SET sentiment_label = :label, sentiment_score = :score,
                   sentiment_language = :language, sentiment_aspects = :aspects, analyzed_at = :now
            WHERE invitation_id = :invitationId AND question_id = :questionId
            """)
    int storeResult(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId,
            @Bind("label") String label, @Bind("score") Double score, @Bind("language") String language,
            @Bind("aspects") String aspects, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM answer_aspect WHERE invitation_id = :invitationId AND question_id = :questionId")
    void clearAspects(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId);

    @SqlUpdate("""
            INSERT INTO answer_aspect (invitation_id, question_id, aspect, label, score, answered_at)
            SELECT invitation_id, question_id, :aspect, :label, :score, answered_at FROM survey_answer
            WHERE invitation_id = :invitationId AND question_id = :questionId
            """)
    void addAspect(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId,
            @Bind("aspect") String aspect, @Bind("label") String label, @Bind("score") double score);

    /** Ends a job this worker holds; a job re-queued meanwhile (a changed answer) stays queued. */
    @SqlUpdate("""
            UPDATE nlp_job SET status = :status, claim_owner = NULL, lease_until = NULL, last_error = :error
            WHERE invitation_id = :invitationId AND question_id = :questionId AND claim_owner = :owner
              AND status = 'queued'
            """)
    int finish(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId,
            @Bind("owner") String owner, @Bind("status") String status, @Bind("error") String error);

    @SqlUpdate("""
            UPDATE nlp_job SET claim_owner = NULL, lease_until = NULL, not_before = :retryAt, last_error = :error
            WHERE invitation_id = :invitationId AND question_id = :questionId AND claim_owner = :owner
            """)
    int release(@Bind("invitationId") String invitationId, @Bind("questionId") String questionId,
            @Bind("owner") String owner, @Bind("retryAt") Instant retryAt, @Bind("error") String error);

    /** Who answered, and where a person can reach them. */
    record Respondent(long customerId, String channel, String address, String locale) {
    }

    @SqlQuery("SELECT customer_id, channel, address, locale FROM survey_invitation WHERE id = :invitationId")
    @RegisterConstructorMapper(Respondent.class)
    java.util.Optional<Respondent> respondent(@Bind("invitationId") String invitationId);

    @SqlQuery("SELECT COUNT(*) FROM nlp_job WHERE status = 'queued'")
    long backlog();
}
