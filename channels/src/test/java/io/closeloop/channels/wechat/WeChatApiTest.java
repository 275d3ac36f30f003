package io.closeloop.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.channels.testing.FakeWeChatApi;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeChatApiTest {

    private final FakeWeChatApi wechat = new FakeWeChatApi("wx1234567890abcdef", "app-secret");
    private Instant now = Instant.parse("2026-11-20T02:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final WeChatApi api = new WeChatApi(HttpClient.newHttpClient(), wechat.baseUri(), "wx1234567890abcdef",
            "app-secret", clock, Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        wechat.close();
    }

    @Test
    void theTokenIsFetchedOnceAndReusedUntilShortlyBeforeItExpires() {
        api.sendText("oUser1", "你好");
        api.sendText("oUser1", "again");
        assertThat(wechat.tokensIssued()).isEqualTo(1);
        now = now.plus(Duration.ofMinutes(114));
        api.sendText("oUser1", "still the same token");
        assertThat(wechat.tokensIssued()).isEqualTo(1);
        now = now.plus(Duration.ofMinutes(2));
        api.sendText("oUser1", "a fresh token");
        assertThat(wechat.tokensIssued()).isEqualTo(2);
        assertThat(wechat.sentTo("oUser1")).extracting(FakeWeChatApi.Sent::content)
                .containsExactly("你好", "again", "still the same token", "a fresh token");
    }

    @Test
    void concurrentCallersWaitForOneTokenFetch() {
        wechat.delayTokens(300);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            calls.add(CompletableFuture.runAsync(() -> api.sendText("oUser2", "message " + n)));
        }
        calls.forEach(CompletableFuture::join);
        assertThat(wechat.tokensIssued()).isEqualTo(1);
        assertThat(wechat.sentTo("oUser2")).hasSize(6);
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndTheMessageGoesThrough() {
        api.sendText("oUser3", "first");
        wechat.revokeTokens();
        api.sendText("oUser3", "after 40001");
        assertThat(wechat.tokensIssued()).isEqualTo(2);
        assertThat(wechat.sentTo("oUser3")).hasSize(2);
    }

    @Test
    void outsideTheServiceWindowTheErrorSaysSoAndTemplatesStillGo() {
        wechat.closeWindowFor("oUser4");
        assertThatThrownBy(() -> api.sendText("oUser4", "hello"))
                .isInstanceOfSatisfying(WeChatApi.ApiException.class, e -> assertThat(e.outsideServiceWindow()).isTrue());
        api.sendTemplate("oUser4", "TPL-1", "https://closeloop.example.com/s/abc", Map.of("first", "您好", "remark", "点击作答"));
        assertThat(wechat.sentTo("oUser4")).singleElement().satisfies(sent -> {
            assertThat(sent.kind()).isEqualTo("template");
            assertThat(sent.url()).isEqualTo("https://closeloop.example.com/s/abc");
            assertThat(sent.data()).containsEntry("first", "您好");
        });
    }

    @Test
    void wrongCredentialsAreReported() {
        WeChatApi wrong = new WeChatApi(HttpClient.newHttpClient(), wechat.baseUri(), "wx1234567890abcdef", "bad",
                clock, Duration.ofSeconds(5));
        assertThatThrownBy(() -> wrong.sendText("oUser5", "hi"))
                .isInstanceOfSatisfying(WeChatApi.ApiException.class, e -> assertThat(e.code()).isEqualTo(40125));
    }
}
