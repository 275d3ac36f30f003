package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class JourneyMariaDbTest extends JourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
