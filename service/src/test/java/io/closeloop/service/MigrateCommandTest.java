package io.closeloop.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {

    @Test
    void dbMigrateFromTheCommandLineCreatesTheSchema(@TempDir Path folder) throws Exception {
        Path config = folder.resolve("local.yml");
        Files.writeString(config, Files.readString(Path.of(TestApp.configPath()))
                .replace("${CLOSELOOP_DATA_DIR:-./data}", folder.toString()));

        new CloseloopApplication().run("db", "migrate", config.toString());

        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + folder + "/closeloop;MODE=MySQL", "sa", "");
                ResultSet rs = connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        assertThat(tables).contains("customer", "customer_address", "address_consent", "consent_change",
                "survey_template", "purchase", "purchase_product", "survey_invitation", "survey_answer",
                "databasechangelog");
    }
}
