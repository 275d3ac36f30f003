package io.closeloop.service.bot;

import io.closeloop.service.testing.TestDatabase;

class SupportRulesMariaDbTest extends SupportRulesContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
