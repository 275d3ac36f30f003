package io.closeloop.service.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mysql.cj.jdbc.MysqlDataSource;
import io.closeloop.service.db.InstantColumns;
import io.closeloop.service.db.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test class: an H2 file in a temporary folder, or a new database on the
 * MySQL-compatible server (127.0.0.1:3306 by default; CLOSELOOP_TEST_MYSQL_URL, _USER and _PASSWORD change
 * it). Without that server the MariaDB tests are skipped, except with CI=true, where they fail.
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind { H2, MARIADB }

    private static final String SERVER_URL = env("CLOSELOOP_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/");
    private static final String SERVER_USER = env("CLOSELOOP_TEST_MYSQL_USER", "root");
    private static final String SERVER_PASSWORD = env("CLOSELOOP_TEST_MYSQL_PASSWORD", "");

    private final Kind kind;
    private final String url;
    private final String user;
    private final String password;
    private final String driverClass;
    private final Path folder;
    private final String schema;

    private TestDatabase(Kind kind, String url, String user, String password, String driverClass, Path folder,
            String schema) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.driverClass = driverClass;
        this.folder = folder;
        this.schema = schema;
    }

    public static TestDatabase create(Kind kind) {
        return kind == Kind.H2 ? h2() : mariadb();
    }

    public static TestDatabase h2() {
        try {
            Path folder = Files.createTempDirectory("closeloop-test-");
            return new TestDatabase(Kind.H2, shippedH2Url(folder), "sa", "", "org.h2.Driver", folder, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The H2 URL of {@code config/local.yml} for a database in {@code folder}: tests open H2 with the settings
     * the service ships with (durable commits among them).
     */
    public static String shippedH2Url(Path folder) {
        try {
            JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(Path.of(TestApp.configPath()).toFile());
            String url = config.path("database").path("url").asText();
            if (!url.startsWith("jdbc:h2:file:{dataDir}/")) {
                throw new IllegalStateException("config/local.yml no longer has an H2 URL in {dataDir}: " + url);
            }
            return url.replace("{dataDir}", folder.toAbsolutePath().toString().replace('\\', '/'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestDatabase mariadb() {
        String schema = "closeloop_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(SERVER_URL, SERVER_USER, SERVER_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and the MySQL-compatible server at " + SERVER_URL + " is not reachable: " + e.getMessage());
            }
            Assumptions.abort("no MySQL-compatible server at " + SERVER_URL + ": " + e.getMessage());
        }
        String url = SERVER_URL + schema + "?useUnicode=true&characterEncoding=UTF-8";
        return new TestDatabase(Kind.MARIADB, url, SERVER_USER, SERVER_PASSWORD, "com.mysql.cj.jdbc.Driver", null, schema);
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String driverClass() {
        return driverClass;
    }

    /** A folder for the service's data directory (H2 keeps its file there). */
    public Path folder() {
        if (folder != null) {
            return folder;
        }
        try {
            return Files.createTempDirectory("closeloop-data-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public DataSource dataSource() {
        if (kind == Kind.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        MysqlDataSource mysql = new MysqlDataSource();
        mysql.setURL(url);
        mysql.setUser(user);
        mysql.setPassword(password);
        return mysql;
    }

    /** A Jdbi on this database with the schema migrated, configured as the service configures its own. */
    public Jdbi migratedJdbi() {
        DataSource dataSource = dataSource();
        new Migrations(dataSource).apply();
        return InstantColumns.install(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()));
    }

    @Override
    public void close() {
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(SERVER_URL, SERVER_USER, SERVER_PASSWORD);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
