package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class SmsJourneyMariaDbTest extends SmsJourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
