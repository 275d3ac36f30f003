package io.closeloop.bench;

import io.closeloop.service.CloseloopApplication;
import io.closeloop.service.config.CloseloopConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link BenchApplication} started in this JVM from one of the shipped YAML files, with only the
 * ports (random), the logging level and the given keys overridden.
 */
final class BenchServer implements AutoCloseable {

    private final DropwizardTestSupport<CloseloopConfiguration> support;

    private BenchServer(DropwizardTestSupport<CloseloopConfiguration> support) {
        this.support = support;
    }

    static BenchServer start(Path config, Map<String, String> settings) {
        String prefix = "clbench" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config(prefix, "server.applicationConnectors[0].port", "0"),
                ConfigOverride.config(prefix, "server.adminConnectors[0].port", "0"),
                ConfigOverride.config(prefix, "logging.level", "WARN")));
        settings.forEach((key, value) -> overrides.add(ConfigOverride.config(prefix, key, value)));
        DropwizardTestSupport<CloseloopConfiguration> support = new DropwizardTestSupport<>(BenchApplication.class,
                config.toAbsolutePath().toString(), prefix, overrides.toArray(ConfigOverride[]::new));
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("the service did not start", e);
        }
        return new BenchServer(support);
    }

    /** config/NAME, from the repository root or from the bench folder. */
    static Path configFile(String name) {
        Path here = Path.of("config", name);
        return Files.exists(here) ? here : Path.of("..", "config", name);
    }

    int port() {
        return support.getLocalPort();
    }

    int adminPort() {
        return support.getAdminPort();
    }

    CloseloopApplication app() {
        return support.getApplication();
    }

    CloseloopConfiguration config() {
        return support.getConfiguration();
    }

    @Override
    public void close() {
        support.after();
    }
}
