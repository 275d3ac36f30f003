package io.closeloop.service.agent;

import io.closeloop.service.testing.TestDatabase;

class AgentsCommandMariaDbTest extends AgentsCommandContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
