package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class WeChatPlaintextJourneyMariaDbTest extends WeChatPlaintextJourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
