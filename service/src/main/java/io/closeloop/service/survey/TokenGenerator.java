package io.closeloop.service.survey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Ids and survey tokens. Tokens carry 192 random bits from a {@link SecureRandom}; tests inject their own. */
public interface TokenGenerator {

    String newToken();

    String newId();

    static TokenGenerator secure() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return new TokenGenerator() {
            @Override
            public String newToken() {
                byte[] bytes = new byte[24];
                random.nextBytes(bytes);
                return encoder.encodeToString(bytes);
            }

            @Override
            public String newId() {
                return UUID.randomUUID().toString();
            }
        };
    }
}
