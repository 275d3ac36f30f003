package io.closeloop.service.chat;

import io.closeloop.service.testing.TestDatabase;

class ChatMariaDbTest extends ChatContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
