package io.closeloop.service.startup;

import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.Locale;

/** The first contact with the database at start-up, with the reasons it fails put in words a person can act on. */
public final class Databases {

    private Databases() {
    }

    /**
     * Connects once by hand (the pool would log a failure with its stack trace), then runs the first database
     * work; a failure of either becomes a {@link CommandFailure} of one line.
     */
    public static void open(DataSourceFactory database, Runnable work) {
        open(database, "stop it, or give this copy its own folder with CLOSELOOP_DATA_DIR", work);
    }

    /** As {@link #open(DataSourceFactory, Runnable)}; {@code whenInUse} says what to do when H2's file is held. */
    public static void open(DataSourceFactory database, String whenInUse, Runnable work) {
        try {
            Properties properties = new Properties();
            properties.putAll(database.getProperties());
            Optional.ofNullable(database.getUser()).ifPresent(user -> properties.setProperty("user", user));
            Optional.ofNullable(database.getPassword()).ifPresent(password -> properties.setProperty("password", password));
            try {
                Class.forName(database.getDriverClass());
            } catch (ClassNotFoundException e) {
                throw new CommandFailure("there is no database driver " + database.getDriverClass()
                        + " (database.driverClass); Closeloop ships org.h2.Driver and com.mysql.cj.jdbc.Driver");
            }
            try (Connection connection = DriverManager.getConnection(database.getUrl(), properties)) {
                connection.isValid(5);
            } catch (SQLException e) {
                throw new CommandFailure(explain(database.getUrl(), database.getUser(), whenInUse, e), e);
            }
            work.run();
        } catch (CommandFailure e) {
            throw e;
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            if (sql == null) {
                throw e;
            }
            throw new CommandFailure(explain(database.getUrl(), database.getUser(), whenInUse, sql), e);
        }
    }

    static String explain(String url, String user, String whenInUse, SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip().split("\n", 2)[0];
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (url.startsWith("jdbc:h2:")) {
            String file = url.substring("jdbc:h2:".length()).split(";", 2)[0].replaceFirst("^file:", "");
            if (inUse(e) || message.toLowerCase(Locale.ROOT).contains("already in use")) {
                String folder = java.nio.file.Path.of(file).toAbsolutePath().getParent().toString();
                return "The H2 database in " + folder + " is in use by a running Closeloop (H2 allows one process at a "
                        + "time): " + whenInUse + ".";
            }
            return "cannot open the H2 database " + file + ": " + message;
        }
        String where = url.split("\\?", 2)[0];
        if (e.getErrorCode() == 1045 || state.startsWith("28")) {
            return "the database at " + where + " refused user '" + user + "' (wrong user or password); "
                    + "check CLOSELOOP_DB_USER and CLOSELOOP_DB_PASSWORD";
        }
        if (e.getErrorCode() == 1049) {
            return "the database at " + where + " does not exist; create it first (CREATE DATABASE ... CHARACTER SET "
                    + "utf8mb4 COLLATE utf8mb4_bin, see the README) or correct CLOSELOOP_DB_URL";
        }
        if (state.startsWith("08")) {
            return "cannot reach the database at " + where + " (" + message + "); is it running, and is "
                    + "CLOSELOOP_DB_URL right?";
        }
        return "the database at " + where + " failed: " + message;
    }

    /** Whether another process holds the H2 file (H2's DATABASE_ALREADY_OPEN_1). */
    public static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
