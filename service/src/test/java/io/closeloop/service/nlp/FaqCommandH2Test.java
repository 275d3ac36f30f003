package io.closeloop.service.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.CloseloopApplication;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.CloseloopProcess;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FaqCommandH2Test extends FaqCommandContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }

    /** H2 lets one process open its file: the command says so instead of a driver's stack trace. */
    @Test
    void anH2DatabaseHeldByARunningServiceIsNamedInOneLine() throws Exception {
        Path csv = Files.writeString(folder.resolve("shop.csv"), FaqStartUpContract.syntheticFaq("shop", 2, 5));
        try (TestDatabase running = TestDatabase.h2();
                TestApp app = TestApp.start(running, Clock.systemUTC(), TokenGenerator.secure(), List.of(), Map.of())) {
            Path config = Files.writeString(folder.resolve("held.yml"), Files.readString(Path.of(TestApp.configPath()))
                    .replace("${CLOSELOOP_DATA_DIR:-./data}", running.folder().toString()));
            CloseloopProcess.Result result = CloseloopProcess.run(Map.of(), 120, "faq", "import", csv.toString(),
                    config.toString());
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output().strip()).isEqualTo("closeloop faq: The H2 database in " + running.folder() + " is in use by a running "
                    + "Closeloop (H2 allows one process at a time): stop the service first, or import through "
                    + "POST /api/v1/faq/import.");
        }
    }
}
