package io.closeloop.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatProtocolTest {

    private static final String TENCENT_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Test
    void theUrlCheckSignatureMatchesThePublishedVector() {
        WeChatSignature signature = new WeChatSignature("AAAAA");
        assertThat(signature.sign("1714037059", "486452656")).isEqualTo("899cf89e464efb63f54ddac96b0a0a235f53aa78");
        assertThat(signature.verify("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037059", "486452656")).isTrue();
        assertThat(signature.verify("899CF89E464EFB63F54DDAC96B0A0A235F53AA78", "1714037059", "486452656")).isTrue();
        assertThat(signature.verify("899cf89e464efb63f54ddac96b0a0a235f53aa79", "1714037059", "486452656")).isFalse();
        assertThat(signature.verify("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037060", "486452656")).isFalse();
        assertThat(signature.verify(null, "1714037059", "486452656")).isFalse();
        assertThat(signature.verify("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037059", null)).isFalse();
    }

    @Test
    void tencentsSampleEncryptsToThePublishedCiphertext() throws Exception {
        WeChatCrypto crypto = new WeChatCrypto(TENCENT_KEY, "wxb11529c136998cb6");
        String encrypted = crypto.encrypt("我是中文abcd123", "aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII));
        assertThat(encrypted).isEqualTo("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
        assertThat(crypto.decrypt(encrypted)).isEqualTo("我是中文abcd123");
    }

    @Test
    void theOpenPlatformReplyVectorGivesItsEncryptAndMsgSignature() throws Exception {
        WeChatCrypto crypto = new WeChatCrypto("A".repeat(43), "wx134c8103faa5a59e");
        String encrypted = crypto.encrypt("<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>",
                "999951349e8ee746".getBytes(StandardCharsets.US_ASCII));
        assertThat(encrypted).isEqualTo("hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7");
        assertThat(new WeChatSignature("AAAAA").sign("1713424427", "415670741", encrypted))
                .isEqualTo("03e0812039325c2712ef5f0f980fd14c70d6e307");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
            26, 27, 28, 29, 30, 31})
    void everyPaddingLengthRoundTrips(int extra) throws Exception {
        // 16 random + 4 length + message + 18-byte appid: the message length walks through every pad value 1..32.
        WeChatCrypto crypto = new WeChatCrypto(TENCENT_KEY, "wxb11529c136998cb6");
        String message = "x".repeat(extra + 2);
        byte[] raw = Base64.getDecoder().decode(crypto.encrypt(message));
        assertThat(raw.length % 32).isZero();
        int pad = 32 - ((16 + 4 + message.length() + 18) % 32);
        assertThat(raw.length).isEqualTo(16 + 4 + message.length() + 18 + pad);
        assertThat(crypto.decrypt(crypto.encrypt(message))).isEqualTo(message);
    }

    @Test
    void aMessageForAnotherAccountOrDamagedIsRefused() {
        WeChatCrypto ours = new WeChatCrypto(TENCENT_KEY, "wxb11529c136998cb6");
        WeChatCrypto theirs = new WeChatCrypto(TENCENT_KEY, "wx0000000000000000");
        String forThem = theirs.encrypt("<xml/>");
        assertThatThrownBy(() -> ours.decrypt(forThem)).isInstanceOf(WeChatCrypto.InvalidMessageException.class)
                .hasMessageContaining("another appId");
        assertThatThrownBy(() -> ours.decrypt("not base64!")).isInstanceOf(WeChatCrypto.InvalidMessageException.class);
        assertThatThrownBy(() -> ours.decrypt(Base64.getEncoder().encodeToString(new byte[31])))
                .isInstanceOf(WeChatCrypto.InvalidMessageException.class);
        String good = ours.encrypt("<xml/>");
        byte[] bytes = Base64.getDecoder().decode(good);
        bytes[bytes.length - 1] ^= 0x55;
        assertThatThrownBy(() -> ours.decrypt(Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(WeChatCrypto.InvalidMessageException.class);
        assertThatThrownBy(() -> new WeChatCrypto("short", "wx1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLengthFieldNearTwoToTheThirtyFirstIsRefusedAsABadLength() {
        WeChatCrypto crypto = new WeChatCrypto(TENCENT_KEY, "wxb11529c136998cb6");
        for (int length : new int[] {0x7FFFFFF8, Integer.MAX_VALUE, 0x7FFFFFEC, 1000}) {
            String encrypted = encryptWithLengthField(TENCENT_KEY, length, "<xml/>", "wxb11529c136998cb6");
            assertThatThrownBy(() -> crypto.decrypt(encrypted)).isInstanceOf(WeChatCrypto.InvalidMessageException.class)
                    .hasMessageContaining("bad length");
        }
    }

    /** A well-padded message whose 4-byte length field says {@code length}, whatever the message's real length. */
    static String encryptWithLengthField(String encodingAesKey, int length, String xml, String appId) {
        byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
        byte[] message = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        int size = 16 + 4 + message.length + app.length;
        int pad = 32 - size % 32;
        java.nio.ByteBuffer plain = java.nio.ByteBuffer.allocate(size + pad);
        plain.put(new byte[16]).putInt(length).put(message).put(app);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void messagesParseWithCdataAndTextValues() throws Exception {
        Map<String, String> message = WeChatXml.parse(WeChatXml.bytes("""
                <xml><ToUserName><![CDATA[gh_123]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName>
                <CreateTime>1714037059</CreateTime><MsgType><![CDATA[text]]></MsgType>
                <Content><![CDATA[送餐太慢了 <b>&amp; 😡]]></Content><MsgId>24512345678901234</MsgId></xml>"""));
        assertThat(message).containsEntry("FromUserName", "oUser").containsEntry("CreateTime", "1714037059")
                .containsEntry("Content", "送餐太慢了 <b>&amp; 😡").containsEntry("MsgId", "24512345678901234");
    }

    @Test
    void doctypesExternalEntitiesAndOtherRootsAreRefused() {
        String xxe = """
                <?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <xml><Content>&e;</Content></xml>""";
        assertThatThrownBy(() -> WeChatXml.parse(WeChatXml.bytes(xxe))).isInstanceOf(WeChatXml.MalformedException.class);
        String billion = "<!DOCTYPE xml [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><xml><C>&b;</C></xml>";
        assertThatThrownBy(() -> WeChatXml.parse(WeChatXml.bytes(billion))).isInstanceOf(WeChatXml.MalformedException.class);
        assertThatThrownBy(() -> WeChatXml.parse(WeChatXml.bytes("<html/>"))).isInstanceOf(WeChatXml.MalformedException.class);
        assertThatThrownBy(() -> WeChatXml.parse(WeChatXml.bytes("<xml><open>"))).isInstanceOf(WeChatXml.MalformedException.class);
        assertThatThrownBy(() -> WeChatXml.parse(new byte[0])).isInstanceOf(WeChatXml.MalformedException.class);
    }

    @Test
    void repliesAreWrittenAsWeChatExpectsThem() throws Exception {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("ToUserName", "oUser");
        reply.put("FromUserName", "gh_123");
        reply.put("CreateTime", "1714037060");
        reply.put("MsgType", "text");
        reply.put("Content", "谢谢！ a ]]> b");
        String xml = WeChatXml.write(reply);
        assertThat(xml).startsWith("<xml><ToUserName><![CDATA[oUser]]></ToUserName>").contains("<CreateTime>1714037060</CreateTime>");
        assertThat(WeChatXml.parse(WeChatXml.bytes(xml))).isEqualTo(reply);
    }
}
