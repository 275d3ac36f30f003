package io.closeloop.service.ticket;

import io.closeloop.service.testing.TestDatabase;

class SupportRulesMariaDbTest extends SupportRulesContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
