package io.closeloop.service.nlp;

import io.closeloop.service.testing.TestDatabase;

class FaqCommandMariaDbTest extends FaqCommandContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
