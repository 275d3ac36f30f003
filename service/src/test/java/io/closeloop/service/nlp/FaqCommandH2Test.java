package io.closeloop.service.nlp;

import io.closeloop.service.testing.TestDatabase;

class FaqCommandH2Test extends FaqCommandContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
