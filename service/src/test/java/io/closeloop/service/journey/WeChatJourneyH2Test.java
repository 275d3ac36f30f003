package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class WeChatJourneyH2Test extends WeChatJourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
