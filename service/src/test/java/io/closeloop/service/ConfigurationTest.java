package io.closeloop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.service.testing.TestApp;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    private static final Path CONFIG = Path.of(TestApp.configPath()).getParent();

    private static CloseloopConfiguration load(Path file) throws Exception {
        YamlConfigurationFactory<CloseloopConfiguration> factory = new YamlConfigurationFactory<>(
                CloseloopConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(true, true)), file.toString());
    }

    @Test
    void localConfigurationRunsOnH2InTheDataFolderWithTheDocumentedDefaults() throws Exception {
        Assumptions.assumeTrue(System.getenv("CLOSELOOP_PORT") == null && System.getenv("CLOSELOOP_DATA_DIR") == null
                && System.getenv("CLOSELOOP_API_KEY") == null, "the defaults are only visible without overrides");
        CloseloopConfiguration config = load(CONFIG.resolve("local.yml"));
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getPort()).isEqualTo(8080);
        assertThat(((HttpConnectorFactory) server.getAdminConnectors().get(0)).getPort()).isEqualTo(8081);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.getDataSourceFactory().getUrl())
                .isEqualTo("jdbc:h2:file:" + Path.of("data").toAbsolutePath() + "/closeloop;MODE=MySQL;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(config.getApi().keys()).singleElement().satisfies(k -> assertThat(k.reveal()).isEqualTo("dev-closeloop-api-key"));
        assertThat(config.getApi().publicBaseUrl()).hasToString("http://localhost:8080");
        assertThat(config.getApi().keys().get(0)).hasToString("[secret]");
    }

    @Test
    void theMySqlConfigurationRefusesToStartWithoutAnApiKey() throws Exception {
        Assumptions.assumeTrue(System.getenv("CLOSELOOP_API_KEY") == null && System.getenv("CLOSELOOP_DB_URL") == null,
                "CLOSELOOP_API_KEY or CLOSELOOP_DB_URL is set here");
        assertThatThrownBy(() -> load(CONFIG.resolve("mysql.yml"))).hasMessageContaining("CLOSELOOP_DB_URL");
        // With the database given, the missing key is what stops it.
        Path file = Files.createTempFile("closeloop-mysql", ".yml");
        Files.writeString(file, Files.readString(CONFIG.resolve("mysql.yml"))
                .replace("${CLOSELOOP_DB_URL}", "jdbc:mysql://127.0.0.1:3306/closeloop")
                .replace("${CLOSELOOP_DB_USER}", "closeloop"));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("CLOSELOOP_API_KEY");
        Files.delete(file);
    }

    @Test
    void shortApiKeysAreRefused() throws Exception {
        Path file = Files.createTempFile("closeloop", ".yml");
        Files.writeString(file, "api:\n  keys: [\"short\"]\n");
        assertThatThrownBy(() -> load(file)).hasStackTraceContaining("at least 16 characters");
        Files.writeString(file, "api:\n  keys: []\n");
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("CLOSELOOP_API_KEY");
        Files.delete(file);
    }
}
