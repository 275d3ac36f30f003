package io.closeloop.service.db;

import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * Instants are stored as UTC in DATETIME columns and cross JDBC as {@link LocalDateTime}, which neither H2
 * nor Connector/J shifts by the JVM's time zone (a {@code java.sql.Timestamp} would be, and a local time in
 * a DST gap would even be altered). The service keeps instants to whole seconds: MySQL Connector/J sends no
 * fractional seconds to MariaDB 10.x, which announces itself to it as version 5.5.5.
 */
public final class InstantColumns {

    private InstantColumns() {
    }

    public static Jdbi install(Jdbi jdbi) {
        // Statement errors name the statement but not its arguments: those are phone numbers and names.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(e -> e.getStatementContext() == null
                ? e.getShortMessage()
                : e.getShortMessage() + " [statement: " + abbreviate(e.getStatementContext().getRawSql()) + "]");
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, ctx) ->
                        statement.setObject(position, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        });
        return jdbi;
    }

    private static String abbreviate(String sql) {
        String oneLine = sql == null ? "" : sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
