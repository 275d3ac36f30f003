package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class JourneyH2Test extends JourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
