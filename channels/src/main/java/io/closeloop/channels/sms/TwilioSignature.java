package io.closeloop.channels.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks and produces Twilio's {@code X-Twilio-Signature}:
 * {@code Base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 ...))}, names in {@link String}
 * order, all as UTF-8.
 *
 * <p>The URL must be the public URL Twilio called (configured base URL plus path and raw query), never the
 * request line a proxy hands us. As Twilio's own validators do, a signature over the same URL with the port
 * toggled is also accepted: a URL without a port also matches with {@code :443} ({@code https}) or {@code :80}
 * added, a URL with a port also matches without it (any port, as the Java SDK and its published vectors do).
 * Path and raw query are kept byte for byte in both forms.
 *
 * <p>Every form parameter received must be passed, including ones we do not know: Twilio adds parameters
 * without notice. A name with several values contributes {@code name + value} once per value, values sorted
 * and duplicates kept (the Java SDK only takes one value per name; this is what the Python SDK does).
 */
public final class TwilioSignature {

    /** The HTTP header carrying the signature. */
    public static final String HEADER = "X-Twilio-Signature";

    private static final String HMAC_SHA1 = "HmacSHA1";
    private static final String BODY_HASH_PARAMETER = "bodySHA256";

    private final SecretKeySpec key;

    /** @param authToken the account's auth token; kept only as an HMAC key, never logged or printed */
    public TwilioSignature(String authToken) {
        Objects.requireNonNull(authToken, "authToken");
        if (authToken.isEmpty()) {
            throw new IllegalArgumentException("authToken is empty");
        }
        this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
    }

    /**
     * Validates a form-encoded webhook.
     *
     * @param url       the public URL Twilio called, with its raw query
     * @param params    every form parameter received (decoded names and values)
     * @param signature the {@code X-Twilio-Signature} header; null or empty never validates
     */
    public boolean validate(String url, Map<String, ? extends List<String>> params, String signature) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(params, "params");
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (String candidate : urlVariants(url)) {
            // No short cut: every variant costs the same whatever the outcome.
            valid |= MessageDigest.isEqual(sign(candidate, params).getBytes(StandardCharsets.UTF_8), given);
        }
        return valid;
    }

    /**
     * Validates a webhook with a JSON body: the URL's query carries {@code bodySHA256} (hex SHA-256 of the raw
     * body), the signature covers the URL alone, and the body must match that hash.
     */
    public boolean validateJson(String url, byte[] rawBody, String signature) {
        Objects.requireNonNull(rawBody, "rawBody");
        Optional<byte[]> declaredHash = bodyHashParameter(url);
        if (declaredHash.isEmpty()) {
            return false;
        }
        boolean signatureValid = validate(url, Map.of(), signature);
        boolean bodyValid = MessageDigest.isEqual(sha256(rawBody), declaredHash.get());
        return signatureValid & bodyValid;
    }

    /** The signature Twilio would send for these parameters posted to exactly this URL (no port variants). */
    public String sign(String url, Map<String, ? extends List<String>> params) {
        Objects.requireNonNull(url, "url");
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, ? extends List<String>> param : new TreeMap<>(params).entrySet()) {
            List<String> values = new ArrayList<>(param.getValue() == null ? List.of() : param.getValue());
            values.replaceAll(value -> value == null ? "" : value);
            values.sort(null);
            for (String value : values) {
                data.append(param.getKey()).append(value);
            }
        }
        return Base64.getEncoder().encodeToString(hmacSha1(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The lower-case hex SHA-256 of a raw body, as Twilio puts it in the {@code bodySHA256} query parameter. */
    public static String bodySha256(byte[] rawBody) {
        return HexFormat.of().formatHex(sha256(rawBody));
    }

    /** The URL as given, then the same URL with its port toggled, if it can be parsed. */
    static List<String> urlVariants(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return List.of(url);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return List.of(url);
        }
        int togglePort = uri.getPort() != -1 ? -1 : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        // Rebuilt from the raw parts: java.net.URI's multi-argument constructor would decode and re-quote them.
        StringBuilder variant = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            variant.append(uri.getRawUserInfo()).append('@');
        }
        variant.append(uri.getHost());
        if (togglePort != -1) {
            variant.append(':').append(togglePort);
        }
        variant.append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            variant.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            variant.append('#').append(uri.getRawFragment());
        }
        return List.of(url, variant.toString());
    }

    private static Optional<byte[]> bodyHashParameter(String url) {
        String query;
        try {
            query = new URI(url).getRawQuery();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (query == null) {
            return Optional.empty();
        }
        String prefix = BODY_HASH_PARAMETER + "=";
        for (String pair : query.split("&")) {
            if (pair.startsWith(prefix)) {
                try {
                    return Optional.of(HexFormat.of().parseHex(pair.substring(prefix.length())));
                } catch (IllegalArgumentException notHex) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private byte[] hmacSha1(byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java runtime", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
