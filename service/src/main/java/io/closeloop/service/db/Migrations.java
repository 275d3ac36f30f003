package io.closeloop.service.db;

import java.sql.Connection;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.ui.LoggerUIService;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The one Liquibase changelog ({@code migrations.xml}), applied at start-up or by {@code db migrate}. */
public final class Migrations {

    public static final String CHANGELOG = "migrations.xml";

    private final DataSource dataSource;

    public Migrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies every change set not yet applied. Liquibase's lock keeps concurrent instances apart. */
    @SuppressWarnings("deprecation")
    public void apply() {
        try (Connection connection = dataSource.getConnection()) {
            try {
                // Liquibase's progress and its update summary go to the log, not to standard output.
                Scope.child(java.util.Map.of(Scope.Attr.ui.name(), new LoggerUIService(),
                                "liquibase.command.showSummaryOutput", "LOG"),
                        () -> liquibase(connection).update(new Contexts(), new LabelExpression()));
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (Exception e) {
            throw new IllegalStateException("database migration failed", e);
        }
    }

    /** The ids of change sets the database still lacks. */
    @SuppressWarnings("deprecation")
    public List<String> pending() {
        try (Connection connection = dataSource.getConnection()) {
            try {
                return liquibase(connection).listUnrunChangeSets(new Contexts(), new LabelExpression())
                        .stream().map(ChangeSet::getId).toList();
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (LiquibaseException | SQLException e) {
            throw new IllegalStateException("cannot read the migration state", e);
        }
    }

    @SuppressWarnings("deprecation")
    private static Liquibase liquibase(Connection connection) throws LiquibaseException {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        return new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database);
    }
}
