package io.closeloop.service.agent;

import io.closeloop.service.testing.TestDatabase;

class AgentsCommandH2Test extends AgentsCommandContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
