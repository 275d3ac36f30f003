package io.closeloop.service.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.closeloop.service.config.SecretString;
import io.closeloop.service.config.SmsConfig;
import io.closeloop.service.config.WeChatConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the text command says when it cannot play the customer: one line, what happened and what to do. */
class TextCommandTest {

    private static final SmsConfig SMS = new SmsConfig(true, "log", "AC" + "0".repeat(32), new SecretString("token"),
            "+15005550006", null, null, null);
    private static final WeChatConfig.Account WECHAT = new WeChatConfig.Account("demo", new SecretString("token"),
            "wx0000000000000000", null, new SecretString("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"), "safe", null, null);

    @Test
    void againstAServiceThatIsNotRunningItSaysSoInOneLine() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + freePort() + "/");
        String expected = "Closeloop is not running at " + nobody.toString().replaceAll("/$", "")
                + " (connection refused); start it with ./bin/run-local, or name another address with --server.";
        assertThatThrownBy(() -> TextCommand.send(nobody, URI.create("http://localhost:8080"), SMS, "+8613800138000", "hi"))
                .isInstanceOf(IllegalStateException.class).hasMessage(expected).hasNoCause();
        assertThatThrownBy(() -> TextCommand.wechat(nobody, WECHAT, "oAbc", "你好", Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessage(expected).hasNoCause();
    }

    @Test
    void anErrorAnswerBecomesOneLineWithTheServicesMessage() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"code\":\"invalid_signature\",\"message\":\"The request is not signed by a Twilio account\\nthis service knows.\",\"details\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThatThrownBy(() -> TextCommand.send(uri, URI.create("http://localhost:8080"), SMS, "+8613800138000", "hi"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Closeloop at " + uri.toString().replaceAll("/$", "")
                            + " refused the message (HTTP 403): The request is not signed by a Twilio account this service knows.");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWeChatAccountThatIsNotConfiguredIsNamedWithTheOnesThatAre() {
        WeChatConfig wechat = new WeChatConfig(true, null, null, List.of(WECHAT), null);
        assertThat(TextCommand.wechatAccount(wechat, null)).isSameAs(WECHAT);
        assertThat(TextCommand.wechatAccount(wechat, "demo")).isSameAs(WECHAT);
        assertThatThrownBy(() -> TextCommand.wechatAccount(wechat, "shop")).hasMessage(
                "No WeChat account shop in this configuration; it has demo.");
        assertThatThrownBy(() -> TextCommand.wechatAccount(WeChatConfig.disabled(), null)).hasMessage(
                "The WeChat channel is not enabled in this configuration (wechat.enabled).");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
