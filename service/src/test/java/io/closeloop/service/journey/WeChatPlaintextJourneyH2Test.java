package io.closeloop.service.journey;

import io.closeloop.service.testing.TestDatabase;

class WeChatPlaintextJourneyH2Test extends WeChatPlaintextJourneyContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
