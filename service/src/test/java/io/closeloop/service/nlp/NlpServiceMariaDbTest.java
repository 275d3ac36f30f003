package io.closeloop.service.nlp;

import io.closeloop.service.testing.TestDatabase;

class NlpServiceMariaDbTest extends NlpServiceContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
