package io.closeloop.service.crash;

import io.closeloop.service.testing.TestDatabase;
import java.util.Map;

/**
 * config/mysql.yml on a new, empty MariaDB database. Its quiet hours are fixed in the file, and it has no
 * default sender number: both come as Dropwizard overrides (an override stays a string, where an unquoted
 * {@code ${TWILIO_FROM}} would read +15005550006 as a number until the file quotes it).
 */
class KillUnderLoadMariaDbTest extends KillUnderLoadContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }

    @Override
    String configFile() {
        return "mysql.yml";
    }

    @Override
    Map<String, String> databaseEnvironment(TestDatabase database) {
        return Map.of("CLOSELOOP_DB_URL", database.url(), "CLOSELOOP_DB_USER", database.user(),
                "CLOSELOOP_DB_PASSWORD", database.password());
    }

    @Override
    Map<String, String> databaseSettings() {
        return Map.of("sms.from", FROM, "surveys.quietHoursStart", "00:00", "surveys.quietHoursEnd", "00:00");
    }
}
