package io.closeloop.service.agent;

import io.closeloop.service.testing.TestDatabase;

class PresenceH2Test extends PresenceContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
