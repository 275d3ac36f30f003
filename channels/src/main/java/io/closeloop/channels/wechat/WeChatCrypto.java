package io.closeloop.channels.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES mode of WeChat's message push: AES-256-CBC with the key {@code Base64(EncodingAESKey + "=")}, the IV
 * its first 16 bytes, over {@code random(16) ‖ length(4, big-endian) ‖ xml ‖ appId}, padded PKCS#7-style to a
 * multiple of 32 bytes (pad values 1..32, which Java's PKCS5Padding rejects above 16, hence NoPadding and
 * padding by hand). A message for another appId is refused.
 */
public final class WeChatCrypto {

    private static final int BLOCK = 32;

    /** A message that cannot be decrypted, or that is not for this account. */
    public static final class InvalidMessageException extends Exception {
        InvalidMessageException(String message) {
            super(message);
        }
    }

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final byte[] appId;
    private final SecureRandom random = new SecureRandom();

    /** @param encodingAesKey the account's 43-character EncodingAESKey */
    public WeChatCrypto(String encodingAesKey, String appId) {
        Objects.requireNonNull(encodingAesKey, "encodingAesKey");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the EncodingAESKey is not valid Base64");
        }
        if (encodingAesKey.length() != 43 || raw.length != 32) {
            throw new IllegalArgumentException("the EncodingAESKey must have 43 characters (32 bytes)");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
        this.appId = Objects.requireNonNull(appId, "appId").getBytes(StandardCharsets.UTF_8);
    }

    public String encrypt(String xml) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return encrypt(xml, nonce);
    }

    /** Encrypts with the given 16 random bytes (fixed in tests, to check against published vectors). */
    public String encrypt(String xml, byte[] random16) {
        if (random16.length != 16) {
            throw new IllegalArgumentException("16 random bytes expected");
        }
        byte[] message = xml.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + message.length + appId.length;
        int pad = BLOCK - (length % BLOCK);
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random16).putInt(message.length).put(message).put(appId);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** The message XML inside an {@code Encrypt} value, if it is well-formed and for this account. */
    public String decrypt(String encrypted) throws InvalidMessageException {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypted == null ? "" : encrypted.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("Encrypt is not Base64");
        }
        if (cipherText.length == 0 || cipherText.length % BLOCK != 0) {
            throw new InvalidMessageException("Encrypt has a wrong length");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new InvalidMessageException("Encrypt cannot be decrypted");
        }
        int pad = plain[plain.length - 1] & 0xFF;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new InvalidMessageException("bad padding");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xFF) != pad) {
                throw new InvalidMessageException("bad padding");
            }
        }
        int content = plain.length - pad;
        if (content < 20) {
            throw new InvalidMessageException("too short");
        }
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        // As "length > content - 20": "20 + length" overflows for a length near 2^31.
        if (length < 0 || length > content - 20) {
            throw new InvalidMessageException("bad length");
        }
        byte[] trailing = Arrays.copyOfRange(plain, 20 + length, content);
        if (!java.security.MessageDigest.isEqual(trailing, appId)) {
            throw new InvalidMessageException("the message is for another appId");
        }
        return new String(plain, 20, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WeChatCrypto[key hidden]";
    }
}
