package io.closeloop.service.crash;

import io.closeloop.service.testing.TestDatabase;
import java.util.Map;

/** config/local.yml as shipped: H2 in the data folder, texts from its default number. */
class KillUnderLoadH2Test extends KillUnderLoadContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }

    @Override
    String configFile() {
        return "local.yml";
    }

    @Override
    Map<String, String> databaseEnvironment(TestDatabase database) {
        return Map.of("CLOSELOOP_DATA_DIR", database.folder().toString());
    }

    @Override
    Map<String, String> databaseSettings() {
        return Map.of();
    }
}
