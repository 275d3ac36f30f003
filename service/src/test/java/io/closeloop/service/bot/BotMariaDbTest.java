package io.closeloop.service.bot;

import io.closeloop.service.testing.TestDatabase;

class BotMariaDbTest extends BotContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
