package io.closeloop.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, String> PARAMS = Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+14158675309",
            "Digits", "1234",
            "From", "+14158675309",
            "To", "+18005551212");
    private static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static final String JSON_BODY = "{\"property\": \"value\", \"boolean\": true}";
    private static final String JSON_BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    private final TwilioSignature signature = new TwilioSignature(TOKEN);

    @Test
    void signsAndValidatesTheSdkVector() {
        assertThat(signature.sign(URL, form(PARAMS))).isEqualTo(SIGNATURE);
        assertThat(signature.validate(URL, form(PARAMS), SIGNATURE)).isTrue();
    }

    @Test
    void signsAndValidatesTheVectorWithAnExplicitPort() {
        String url = "http://mycompany.com:1234/myapp.php?foo=1&bar=2";

        assertThat(signature.sign(url, form(PARAMS))).isEqualTo("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=");
        assertThat(signature.validate(url, form(PARAMS), "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")).isTrue();
    }

    @ParameterizedTest(name = "signed over {0}, configured {1}")
    @CsvSource({
            // Twilio signed with the default port, our configured URL has none (SDK vectors for 443 and 80).
            "https://mycompany.com:443/myapp.php?foo=1&bar=2, https://mycompany.com/myapp.php?foo=1&bar=2",
            "http://mycompany.com:80/myapp.php?foo=1&bar=2,   http://mycompany.com/myapp.php?foo=1&bar=2",
            // Twilio signed without the port, our configured URL spells it out.
            "https://mycompany.com/myapp.php?foo=1&bar=2,     https://mycompany.com:443/myapp.php?foo=1&bar=2",
            "http://mycompany.com/myapp.php?foo=1&bar=2,      http://mycompany.com:80/myapp.php?foo=1&bar=2",
            // The SDK removes any port, not only a default one (its testValidateRemovesPortHttps).
            "https://mycompany.com/myapp.php?foo=1&bar=2,     https://mycompany.com:1234/myapp.php?foo=1&bar=2",
    })
    void acceptsTheUrlWithThePortAddedOrRemoved(String signedUrl, String configuredUrl) {
        String signed = signature.sign(signedUrl, form(PARAMS));

        assertThat(signature.validate(configuredUrl, form(PARAMS), signed)).isTrue();
    }

    @Test
    void checksThePublishedSignaturesOverDefaultPorts() {
        assertThat(signature.validate(URL, form(PARAMS), "kvajT1Ptam85bY51eRf/AJRuM3w=")).isTrue();
        assertThat(signature.validate(URL.replace("https", "http"), form(PARAMS), "0ZXoZLH/DfblKGATFgpif+LLRf4="))
                .isTrue();
    }

    @Test
    void keepsAnEscapedQueryByteForByteWhenTogglingThePort() {
        String configured = "https://mycompany.com/sms?tag=a%26b&lang=%E4%B8%AD";
        String signed = signature.sign("https://mycompany.com:443/sms?tag=a%26b&lang=%E4%B8%AD", form(PARAMS));

        assertThat(signature.validate(configured, form(PARAMS), signed)).isTrue();
        assertThat(signature.validate("https://mycompany.com/sms?tag=a&b&lang=中", form(PARAMS), signed)).isFalse();
    }

    @Test
    void rejectsAnotherHostPathOrScheme() {
        assertThat(signature.validate("https://evil.example/myapp.php?foo=1&bar=2", form(PARAMS), SIGNATURE)).isFalse();
        assertThat(signature.validate("https://mycompany.com/other.php?foo=1&bar=2", form(PARAMS), SIGNATURE)).isFalse();
        assertThat(signature.validate("https://mycompany.com/myapp.php?foo=1&bar=3", form(PARAMS), SIGNATURE)).isFalse();
        assertThat(signature.validate("http://mycompany.com/myapp.php?foo=1&bar=2", form(PARAMS), SIGNATURE)).isFalse();
    }

    @Test
    void rejectsATamperedParameter() {
        Map<String, String> tampered = new TreeMap<>(PARAMS);
        tampered.put("Digits", "1235");

        assertThat(signature.validate(URL, form(tampered), SIGNATURE)).isFalse();
    }

    @Test
    void rejectsAnAddedParameter() {
        Map<String, String> added = new TreeMap<>(PARAMS);
        added.put("Body", "");

        assertThat(signature.validate(URL, form(added), SIGNATURE)).isFalse();
    }

    @Test
    void rejectsARemovedParameter() {
        Map<String, String> removed = new TreeMap<>(PARAMS);
        removed.remove("Caller");

        assertThat(signature.validate(URL, form(removed), SIGNATURE)).isFalse();
    }

    @Test
    void signsParametersItDoesNotKnow() {
        Map<String, String> withNewParameter = new TreeMap<>(PARAMS);
        withNewParameter.put("SomethingTwilioAddedLastWeek", "x");

        String signed = signature.sign(URL, form(withNewParameter));

        assertThat(signed).isNotEqualTo(SIGNATURE);
        assertThat(signature.validate(URL, form(withNewParameter), signed)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsAMissingSignature(String missing) {
        assertThat(signature.validate(URL, form(PARAMS), missing)).isFalse();
    }

    @Test
    void rejectsAnAlteredSignature() {
        assertThat(signature.validate(URL, form(PARAMS), "NOT" + SIGNATURE)).isFalse();
        assertThat(signature.validate(URL, form(PARAMS), SIGNATURE.replace('R', 'r'))).isFalse();
    }

    @Test
    void rejectsASignatureMadeWithAnotherToken() {
        String forged = new TwilioSignature("54321").sign(URL, form(PARAMS));

        assertThat(signature.validate(URL, form(PARAMS), forged)).isFalse();
    }

    @Test
    void validatesAJsonBodyAgainstItsHash() {
        String url = URL + "&bodySHA256=" + JSON_BODY_HASH;
        byte[] body = JSON_BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(TwilioSignature.bodySha256(body)).isEqualTo(JSON_BODY_HASH);
        assertThat(signature.validateJson(url, body, "a9nBmqA0ju/hNViExpshrM61xv4=")).isTrue();
        assertThat(signature.validateJson("https://mycompany.com/myapp.php?bodySHA256=" + JSON_BODY_HASH, body,
                "y77kIzt2vzLz71DgmJGsen2scGs=")).isTrue();
    }

    @Test
    void rejectsATamperedJsonBody() {
        String url = URL + "&bodySHA256=" + JSON_BODY_HASH;
        byte[] tampered = JSON_BODY.replace("true", "false").getBytes(StandardCharsets.UTF_8);

        assertThat(signature.validateJson(url, tampered, "a9nBmqA0ju/hNViExpshrM61xv4=")).isFalse();
    }

    @Test
    void rejectsAJsonBodyWhoseHashWasSwappedInTheUrl() {
        byte[] otherBody = "{\"property\": \"evil\"}".getBytes(StandardCharsets.UTF_8);
        String url = URL + "&bodySHA256=" + TwilioSignature.bodySha256(otherBody);

        assertThat(signature.validateJson(url, otherBody, "a9nBmqA0ju/hNViExpshrM61xv4=")).isFalse();
    }

    @Test
    void rejectsAJsonRequestWithoutAUsableBodyHash() {
        byte[] body = JSON_BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(signature.validateJson(URL, body, SIGNATURE)).isFalse();
        String notHex = URL + "&bodySHA256=zz";
        assertThat(signature.validateJson(notHex, body, signature.sign(notHex, Map.of()))).isFalse();
    }

    @Test
    void signsChineseAndEmojiValuesAsUtf8LikeTheSdk() {
        Map<String, String> params = new TreeMap<>(PARAMS);
        params.put("Body", "很满意 👍🏽 五星！");

        String ours = signature.sign(URL, form(params));

        assertThat(sdk().validate(URL, params, ours)).isTrue();
        assertThat(signature.validate(URL, form(params), sdkSign(URL, params))).isTrue();
        params.put("Body", "很满意 👎🏽 五星！");
        assertThat(signature.validate(URL, form(params), ours)).isFalse();
    }

    @Test
    void signsEveryValueOfARepeatedParameterInSortedOrder() {
        String ours = signature.sign(URL, Map.of("Tag", List.of("b", "a", "a")));

        // The SDK takes one value per name; "a" + "Tag" + "a" + "Tag" + "b" makes it sign Tag a, Tag a, Tag b.
        assertThat(sdk().validate(URL, Map.of("Tag", "aTagaTagb"), ours)).isTrue();
        assertThat(ours).isNotEqualTo(signature.sign(URL, Map.of("Tag", List.of("a", "b"))));
        assertThat(signature.validate(URL, Map.of("Tag", List.of("a", "b", "a")), ours)).isTrue();
    }

    @Test
    void agreesWithTheSdkOnRandomParameterSets() {
        Random random = new Random(20240611);
        for (int round = 0; round < 300; round++) {
            String url = round % 3 == 0 ? URL : round % 3 == 1 ? "http://localhost:8080/twilio/sms" : "https://h.example:8443/t?x=%20";
            Map<String, String> params = randomParameters(random);

            String ours = signature.sign(url, form(params));
            String theirs = sdkSign(url, params);

            assertThat(ours).as("round %d: %s", round, params).isEqualTo(theirs);
            assertThat(sdk().validate(url, params, ours)).as("SDK checks ours, round %d", round).isTrue();
            assertThat(signature.validate(url, form(params), theirs)).as("we check the SDK's, round %d", round).isTrue();
        }
    }

    private static Map<String, String> randomParameters(Random random) {
        String[] known = {"MessageSid", "SmsSid", "AccountSid", "MessagingServiceSid", "From", "To", "Body", "NumMedia",
                "NumSegments", "MediaUrl0", "MediaContentType0", "FromCountry", "ApiVersion"};
        String alphabet = "abcXYZ019 +&=%?#/.\u00e9\u00df很满意谢谢\uD83D\uDC4D\uD83C\uDFFD\u2019\u00a0\t\n";
        Map<String, String> params = new LinkedHashMap<>();
        int count = random.nextInt(15);
        for (int i = 0; i < count; i++) {
            String name = random.nextBoolean() ? known[random.nextInt(known.length)] : randomText(random, "aBcDxYz_09", 1 + random.nextInt(8));
            params.put(name, randomText(random, alphabet, random.nextInt(40)));
        }
        return params;
    }

    private static String randomText(Random random, String alphabet, int length) {
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    private static Map<String, List<String>> form(Map<String, String> params) {
        Map<String, List<String>> form = new TreeMap<>();
        params.forEach((name, value) -> form.put(name, List.of(value)));
        return form;
    }

    private static RequestValidator sdk() {
        return new RequestValidator(TOKEN);
    }

    /** The SDK computes signatures only inside validate(); its private helper is the reference signer. */
    private static String sdkSign(String url, Map<String, String> params) {
        try {
            Method getValidationSignature =
                    RequestValidator.class.getDeclaredMethod("getValidationSignature", String.class, Map.class);
            getValidationSignature.setAccessible(true);
            return (String) getValidationSignature.invoke(sdk(), url, params);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the SDK's RequestValidator changed shape", e);
        }
    }
}
