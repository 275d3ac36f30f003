package io.closeloop.service.agent;

import io.closeloop.service.testing.TestDatabase;

class PresenceMariaDbTest extends PresenceContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
