package io.closeloop.service.nlp;

import io.closeloop.service.testing.TestDatabase;

class FaqStartUpMariaDbTest extends FaqStartUpContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
