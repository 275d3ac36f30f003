package io.closeloop.service.outbox;

import io.closeloop.service.testing.TestDatabase;

class OutboxMariaDbTest extends OutboxContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
