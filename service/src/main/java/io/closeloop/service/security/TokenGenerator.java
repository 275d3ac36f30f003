package io.closeloop.service.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Ids and survey tokens. Tokens carry 192 random bits from a {@link SecureRandom}; tests inject their own. */
public interface TokenGenerator {

    String newToken();

    String newId();

    /**
     * One DRBG per thread, seeded by the system: the platform's default SecureRandom (and UUID.randomUUID)
     * serialise every caller on one lock.
     */
    static TokenGenerator secure() {
        ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(TokenGenerator::drbg);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return new TokenGenerator() {
            @Override
            public String newToken() {
                byte[] bytes = new byte[24];
                random.get().nextBytes(bytes);
                return encoder.encodeToString(bytes);
            }

            @Override
            public String newId() {
                SecureRandom r = random.get();
                // A version 4 UUID: 122 random bits.
                long most = (r.nextLong() & ~0xF000L) | 0x4000L;
                long least = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
                return new UUID(most, least).toString();
            }
        };
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
