package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class SmsJourneyH2Test extends SmsJourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
