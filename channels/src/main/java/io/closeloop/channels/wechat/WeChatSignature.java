package io.closeloop.channels.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * WeChat's push signatures: {@code signature = sha1hex(join(sort([token, timestamp, nonce])))} on the URL check
 * and plaintext messages, and {@code msg_signature} with the {@code Encrypt} value as a fourth element in the
 * compatible and safe modes. Verification compares in constant time.
 */
public final class WeChatSignature {

    private final String token;

    public WeChatSignature(String token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    /** The signature over the token and the given parts (timestamp, nonce and, for messages, Encrypt). */
    public String sign(String... parts) {
        String[] all = new String[parts.length + 1];
        all[0] = token;
        System.arraycopy(parts, 0, all, 1, parts.length);
        Arrays.sort(all);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(String.join("", all).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is the signature of the parts; false for any missing value. */
    public boolean verify(String signature, String... parts) {
        if (signature == null || Arrays.stream(parts).anyMatch(Objects::isNull)) {
            return false;
        }
        return MessageDigest.isEqual(sign(parts).getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "WeChatSignature[token hidden]";
    }
}
