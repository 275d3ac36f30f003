package io.closeloop.service.survey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps {@code survey_invitation} rows by hand: invitations are read on every answer and every chat message,
 * and JDBI's reflective constructor mapper matched the columns again for every result (a tenth of an answer's
 * CPU).
 */
public final class InvitationRowMapper implements RowMapper<InvitationRow> {

    @Override
    public InvitationRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new InvitationRow(
                rs.getString("id"),
                rs.getString("token"),
                rs.getLong("purchase_id"),
                rs.getLong("customer_id"),
                rs.getLong("template_id"),
                rs.getString("channel"),
                rs.getString("address"),
                rs.getString("locale"),
                rs.getString("time_zone"),
                rs.getString("status"),
                rs.getString("reason"),
                instant(rs, "send_at"),
                instant(rs, "sent_at"),
                instant(rs, "remind_at"),
                instant(rs, "reminded_at"),
                instant(rs, "expires_at"),
                instant(rs, "opened_at"),
                instant(rs, "first_answer_at"),
                instant(rs, "completed_at"),
                instant(rs, "created_at"),
                rs.getString("claim_owner"),
                instant(rs, "lease_until"),
                rs.getInt("send_attempts"),
                rs.getInt("reminder_attempts"),
                rs.getString("last_error"),
                rs.getString("current_question_id"),
                rs.getInt("misses"),
                instant(rs, "closed_notice_at"));
    }

    /** As {@code InstantColumns}: DATETIME columns hold UTC. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
