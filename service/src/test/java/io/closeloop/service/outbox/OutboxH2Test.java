package io.closeloop.service.outbox;

import io.closeloop.service.testing.TestDatabase;

class OutboxH2Test extends OutboxContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
