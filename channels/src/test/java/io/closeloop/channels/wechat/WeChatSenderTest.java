package io.closeloop.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.Channel;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.channels.testing.FakeWeChatApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeChatSenderTest {

    private final FakeWeChatApi wechat = new FakeWeChatApi("wx5555666677778888", "secret");
    private final WeChatApi api = new WeChatApi(HttpClient.newHttpClient(), wechat.baseUri(), "wx5555666677778888",
            "secret", Clock.systemUTC(), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        wechat.close();
    }

    private static OutboundMessage invitation(String openId) {
        return new OutboundMessage(Channel.WECHAT, openId, "您好！感谢您的订单 A-1。您对这次订单满意吗？",
                Optional.of(URI.create("https://closeloop.example.com/s/token123")), "zh-CN", "inv-1:invitation");
    }

    @Test
    void insideTheWindowTheMessageGoesAsACustomerServiceMessage() {
        SendResult result = new WeChatSender(api, Optional.empty()).send(invitation("oInside"));
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
        assertThat(wechat.sentTo("oInside")).singleElement().satisfies(s -> assertThat(s.kind()).isEqualTo("custom"));
    }

    @Test
    void outsideTheWindowTheTemplateCarriesTheTextAndTheLink() {
        wechat.closeWindowFor("oOutside");
        WeChatSender sender = new WeChatSender(api, Optional.of(new WeChatSender.Template("TPL-1",
                Map.of("first", "{message}", "remark", "点击这里作答：{link}"))));
        assertThat(sender.send(invitation("oOutside")).outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
        assertThat(wechat.sentTo("oOutside")).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("template");
            assertThat(s.url()).isEqualTo("https://closeloop.example.com/s/token123");
            assertThat(s.data()).containsEntry("first", "您好！感谢您的订单 A-1。您对这次订单满意吗？")
                    .containsEntry("remark", "点击这里作答：https://closeloop.example.com/s/token123");
        });
    }

    @Test
    void outsideTheWindowWithoutATemplateNothingIsSentAndTheReasonIsGiven() {
        wechat.closeWindowFor("oNoTemplate");
        SendResult result = new WeChatSender(api, Optional.empty()).send(invitation("oNoTemplate"));
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.errorCode()).contains("outside_window");
        assertThat(result.detail()).contains("48 hours");
        assertThat(wechat.sentTo("oNoTemplate")).isEmpty();
    }

    @Test
    void anAgentsReplyOutsideTheWindowIsATemplateWithTheTextAndNoLink() {
        wechat.closeWindowFor("oReply");
        WeChatSender sender = new WeChatSender(api, Optional.of(new WeChatSender.Template("TPL-2",
                Map.of("first", "{message}", "remark", "{link}"))));
        SendResult result = sender.send(new OutboundMessage(Channel.WECHAT, "oReply", "您好，退款已原路退回。",
                Optional.empty(), "zh-CN", "ticket:1:message:1"));
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
        assertThat(result.providerMessageId()).contains(WeChatSender.TEMPLATE);
        assertThat(wechat.sentTo("oReply")).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("template");
            assertThat(s.url()).isNull();
            assertThat(s.data()).containsEntry("first", "您好，退款已原路退回。").containsEntry("remark", "");
        });
    }
}
