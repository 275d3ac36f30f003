package io.closeloop.service.chat;

import io.closeloop.service.testing.TestDatabase;

class ChatH2Test extends ChatContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
