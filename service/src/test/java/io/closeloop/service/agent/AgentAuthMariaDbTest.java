package io.closeloop.service.agent;

import io.closeloop.service.testing.TestDatabase;

class AgentAuthMariaDbTest extends AgentAuthContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
