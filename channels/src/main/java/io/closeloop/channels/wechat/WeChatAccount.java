package io.closeloop.channels.wechat;

import java.util.Objects;
import java.util.Optional;

/**
 * One official account Closeloop answers for.
 *
 * @param name      the account's name in Closeloop and in its webhook path, {@code /webhooks/wechat/{name}}
 * @param appId     WeChat's appId; encrypted messages must carry it
 * @param signature the verifier built on the account's token
 * @param crypto    AES for the compatible and safe modes
 * @param mode      how WeChat talks to this account
 * @param api       the account's API client, for replies that miss the five-second window
 */
public record WeChatAccount(String name, String appId, WeChatSignature signature, Optional<WeChatCrypto> crypto,
        Mode mode, WeChatApi api) {

    /** WeChat's message encryption modes. */
    public enum Mode {
        /** Messages and replies in clear text, signed with {@code signature}. */
        PLAINTEXT,
        /** Clear text and an {@code Encrypt} copy; Closeloop reads the encrypted one and answers encrypted. */
        COMPATIBLE,
        /** Only {@code Encrypt}, signed with {@code msg_signature}; replies encrypted. */
        SAFE
    }

    public WeChatAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(crypto, "crypto");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(api, "api");
        if (mode != Mode.PLAINTEXT && crypto.isEmpty()) {
            throw new IllegalArgumentException("WeChat account " + name + ": the " + mode + " mode needs an EncodingAESKey");
        }
    }
}
