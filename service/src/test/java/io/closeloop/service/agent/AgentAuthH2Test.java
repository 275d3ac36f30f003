package io.closeloop.service.agent;

import io.closeloop.service.testing.TestDatabase;

class AgentAuthH2Test extends AgentAuthContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
