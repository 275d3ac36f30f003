package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class WeChatJourneyMariaDbTest extends WeChatJourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
