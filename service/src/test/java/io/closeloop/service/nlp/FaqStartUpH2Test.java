package io.closeloop.service.nlp;

import io.closeloop.service.testing.TestDatabase;

class FaqStartUpH2Test extends FaqStartUpContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
