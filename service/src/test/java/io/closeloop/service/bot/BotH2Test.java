package io.closeloop.service.bot;

import io.closeloop.service.testing.TestDatabase;

class BotH2Test extends BotContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
