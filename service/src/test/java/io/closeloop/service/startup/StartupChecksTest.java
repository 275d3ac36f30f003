package io.closeloop.service.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.service.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StartupChecksTest {

    /** The variables of local.yml whose development defaults must never reach the network. */
    private static final Set<String> SECRET_VARIABLES = Set.of("CLOSELOOP_API_KEY", "CLOSELOOP_ADMIN_PASSWORD",
            "TWILIO_AUTH_TOKEN", "WECHAT_TOKEN", "WECHAT_APP_SECRET", "WECHAT_AES_KEY", "CLOSELOOP_CHAT_SECRET");

    @Test
    void everySecretDefaultOfLocalYmlIsKnownAsADevelopmentSecret() throws Exception {
        String yaml = Files.readString(Path.of(TestApp.configPath()));
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}").matcher(yaml);
        int found = 0;
        while (m.find()) {
            if (SECRET_VARIABLES.contains(m.group(1))) {
                assertThat(StartupChecks.DEVELOPMENT_SECRETS).as(m.group(1)).contains(m.group(2));
                found++;
            }
        }
        assertThat(found).isEqualTo(SECRET_VARIABLES.size());
    }

    @Test
    void loopbackAddressesAreTold() {
        assertThat(StartupChecks.isLoopback("127.0.0.1")).isTrue();
        assertThat(StartupChecks.isLoopback("localhost")).isTrue();
        assertThat(StartupChecks.isLoopback("::1")).isTrue();
        assertThat(StartupChecks.isLoopback("0.0.0.0")).isFalse();
        assertThat(StartupChecks.isLoopback(null)).isFalse();
        assertThat(StartupChecks.isLoopback("")).isFalse();
    }

    @Test
    void aPortInUseIsNamedWithTheVariableThatMovesIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> StartupChecks.requireFreePorts(List.of(
                    new StartupChecks.Listener("127.0.0.1", taken.getLocalPort(), "CLOSELOOP_ADMIN_PORT"))))
                    .isInstanceOf(CommandFailure.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use")
                    .hasMessageContaining("CLOSELOOP_ADMIN_PORT");
        }
    }
}
