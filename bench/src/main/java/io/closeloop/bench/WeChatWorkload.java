package io.closeloop.bench;

import io.closeloop.bench.SmsWorkload.Script;
import io.closeloop.bench.SmsWorkload.Step;
import io.closeloop.channels.wechat.WeChatCrypto;
import io.closeloop.channels.wechat.WeChatSignature;
import io.closeloop.channels.wechat.WeChatXml;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * WeChat pushes in safe mode, as WeChat's servers send them to {@code POST /webhooks/wechat/{account}}: the message
 * XML ({@code ToUserName}, {@code FromUserName} = the customer's OpenID, {@code CreateTime}, {@code MsgType},
 * {@code Content} or a voice message's {@code Recognition}, a new {@code MsgId} each) encrypted with the account's
 * EncodingAESKey and appId, sent as {@code <xml><ToUserName/><Encrypt/></xml>} with the query {@code signature},
 * {@code timestamp}, {@code nonce}, {@code openid}, {@code encrypt_type=aes} and {@code msg_signature} (SHA-1 over the
 * sorted token, timestamp, nonce and Encrypt). Every answer must be the encrypted passive reply: its
 * {@code MsgSignature} is checked, it is decrypted, and its {@code ToUserName} and text are checked.
 *
 * <p>Customers answer the surveys they were invited to over WeChat, with the four scripts of the SMS benchmark
 * ({@link SmsWorkload.Script}); the Chinese customers send their last answer as a voice message. Every tenth
 * message comes from an OpenID nobody knows and gets the auto-reply. A client owns the conversation it is in, and
 * customers come from a pool of surveys already sent, filled between rounds by {@link WeChatBench}.
 */
final class WeChatWorkload {

    static final String WEBHOOK_PREFIX = "/webhooks/wechat/";
    static final String BARE_PREFIX = "/bench/bare/wechat/";
    /** Every UNKNOWN_EVERY-th message of a client comes from an unknown OpenID. */
    static final int UNKNOWN_EVERY = SmsWorkload.UNKNOWN_EVERY;
    /** The official account's original id, WeChat's ToUserName. */
    static final String ACCOUNT_USER = "gh_closeloopbench";

    /** A customer with a survey sent to their WeChat, and how far they have got. */
    static final class Conversation {
        final String openId;
        final Script script;
        int step;

        Conversation(String openId, Script script) {
            this.openId = openId;
            this.script = script;
        }
    }

    private static final String[][] UNKNOWN_TEXTS = {
        {"Hi, has my order shipped yet?", "Thanks for your message!"},
        {"你好，请问我的快递到哪里了？", "感谢您的留言"},
    };
    private static final String[] FIRST_QUESTION = {"How satisfied are you with your order?", "您对这次订单满意吗？"};
    private static final DateTimeFormatter OFFSET_TIME =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

    private final int port;
    private final String account;
    private final WeChatSignature signature;
    private final WeChatCrypto crypto;
    private final String run;
    private final long msgIdBase;
    private final String timeZone;

    private final AtomicLong customers = new AtomicLong();
    private final AtomicLong unknownOpenIds = new AtomicLong();
    private final AtomicLong msgIds = new AtomicLong();
    private final Queue<Conversation> ready = new ConcurrentLinkedQueue<>();
    private final Queue<Conversation> resumed = new ConcurrentLinkedQueue<>();
    private final List<PushClient> live = new ArrayList<>();

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong surveyMessages = new AtomicLong();
    private final AtomicLong voiceMessages = new AtomicLong();
    private final AtomicLong answersStored = new AtomicLong();
    private final AtomicLong reprompts = new AtomicLong();
    private final AtomicLong afterEnd = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong dry = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong notInvited = new AtomicLong();

    /**
     * @param signature the account's token
     * @param crypto    the account's EncodingAESKey and appId
     * @param run       a few base-36 digits that make this run's order ids, OpenIDs and MsgIds new
     */
    WeChatWorkload(int port, String account, WeChatSignature signature, WeChatCrypto crypto, String run) {
        this.port = port;
        this.account = account;
        this.signature = signature;
        this.crypto = crypto;
        this.run = run;
        // MsgIds are 64-bit numbers: 19 digits, the run in the high ones.
        this.msgIdBase = 1_000_000_000_000_000_000L + (Long.parseLong(run, 36) % 1_000_000L) * 1_000_000_000_000L;
        this.timeZone = SmsWorkload.daytimeZone(Instant.now());
    }

    String timeZone() {
        return timeZone;
    }

    String webhookPath() {
        return WEBHOOK_PREFIX + account;
    }

    String barePath() {
        return BARE_PREFIX + account;
    }

    // --- preparing surveys ---------------------------------------------------------------------------------

    /**
     * Purchases with {@code "channel":"wechat"} by new customers with a {@code wechatOpenId}, delivered 25 hours
     * ago, so that the scheduler sends their invitation at once. Each one scheduled goes to {@code prepared}.
     */
    IntFunction<ClosedLoop.Client> purchases(String apiKey, Collection<Conversation> prepared) {
        return client -> new ClosedLoop.Client() {
            private long n;

            @Override
            public byte[] nextRequest() {
                n = customers.getAndIncrement();
                return HttpConnection.post(port, "/api/v1/purchases", apiKey, purchaseBody(n));
            }

            @Override
            public boolean accept(HttpConnection.Response response) {
                String text = response.text();
                boolean good = response.status() == 202 && text.contains("\"status\":\"scheduled\"")
                        && text.contains("\"channel\":\"wechat\"");
                if (good) {
                    prepared.add(new Conversation(openId(n), script(n)));
                }
                return good;
            }
        };
    }

    private String purchaseBody(long n) {
        Instant delivered = Instant.now().minus(25, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Script script = script(n);
        return "{\"orderId\":\"wx-" + run + "-" + n + "\",\"channel\":\"wechat\""
                + ",\"customer\":{\"externalId\":\"wx-cust-" + run + "-" + n + "\",\"name\":\"Customer " + n + "\""
                + ",\"wechatOpenId\":\"" + openId(n) + "\",\"locale\":\"" + script.locale + "\",\"timeZone\":\""
                + timeZone + "\"}"
                + ",\"purchasedAt\":\"" + OFFSET_TIME.format(delivered.minus(1, ChronoUnit.HOURS)) + "\""
                + ",\"deliveredAt\":\"" + OFFSET_TIME.format(delivered) + "\""
                + ",\"store\":\"store-" + n % 20 + "\",\"products\":[{\"sku\":\"SKU-" + n % 500 + "\",\"name\":\"Product "
                + n % 500 + "\"}],\"amount\":" + (10 + n % 90) + ".50,\"currency\":\"CNY\"}";
    }

    /** 28 characters, as WeChat's OpenIDs: "o", then letters, digits, - and _. */
    private String openId(long n) {
        return String.format("oCL%-8s_c%015d", run, n).replace(' ', '-');
    }

    private String unknownOpenId(long n) {
        return String.format("oCL%-8s_u%015d", run, n).replace(' ', '-');
    }

    private static Script script(long n) {
        return Script.values()[(int) (n % Script.values().length)];
    }

    /**
     * Surveys whose invitation has been sent: customers ready to answer. Only customers to whom WeChat's API (the
     * stand-in) received the invitation with the first question are taken; the others are counted.
     */
    void addReady(Collection<Conversation> conversations, WeChatApiStandIn api) {
        for (Conversation c : conversations) {
            String first = FIRST_QUESTION[c.script.locale.startsWith("zh") ? 1 : 0];
            if (api.lastTextTo(c.openId).filter(text -> text.contains(first)).isPresent()) {
                ready.add(c);
            } else {
                notInvited.incrementAndGet();
            }
        }
    }

    int readyCount() {
        return ready.size() + resumed.size();
    }

    long notInvited() {
        return notInvited.get();
    }

    // --- load ----------------------------------------------------------------------------------------------

    /** Pushes to the real endpoint. Conversations left unfinished by the last round go on first. */
    synchronized IntFunction<ClosedLoop.Client> pushes() {
        for (PushClient client : live) {
            if (client.current != null) {
                resumed.add(client.current);
            }
        }
        live.clear();
        return client -> {
            PushClient created = new PushClient(false);
            synchronized (this) {
                live.add(created);
            }
            return created;
        };
    }

    /** The same kind of push (unknown OpenIDs, encrypted and signed alike), to the bare endpoint. */
    IntFunction<ClosedLoop.Client> bare() {
        return client -> new PushClient(true);
    }

    private final class PushClient implements ClosedLoop.Client {
        private final boolean bare;
        private long n;
        private Conversation current;
        private boolean surveyStep;
        private String openId;
        private String expected;

        PushClient(boolean bare) {
            this.bare = bare;
        }

        @Override
        public byte[] nextRequest() {
            n++;
            if (bare || n % UNKNOWN_EVERY == 0) {
                return fromUnknownOpenId();
            }
            if (current == null) {
                current = resumed.poll();
                if (current == null) {
                    current = ready.poll();
                }
                if (current == null) {
                    dry.incrementAndGet();
                    return fromUnknownOpenId();
                }
            }
            Step step = current.script.steps[current.step];
            surveyStep = true;
            openId = current.openId;
            expected = step.expected();
            boolean voice = current.script == Script.ZH_PROMOTER && current.step == current.script.steps.length - 1;
            return push(openId, step.text(), voice);
        }

        private byte[] fromUnknownOpenId() {
            long number = unknownOpenIds.getAndIncrement();
            String[] text = UNKNOWN_TEXTS[(int) (number % UNKNOWN_TEXTS.length)];
            surveyStep = false;
            openId = unknownOpenId(number);
            expected = bare ? "<Content><![CDATA[Thanks for your message!" : text[1];
            return push(openId, text[0], false);
        }

        private byte[] push(String from, String text, boolean voice) {
            String now = String.valueOf(Instant.now().getEpochSecond());
            Map<String, String> message = new LinkedHashMap<>();
            message.put("ToUserName", ACCOUNT_USER);
            message.put("FromUserName", from);
            message.put("CreateTime", now);
            if (voice) {
                message.put("MsgType", "voice");
                message.put("MediaId", "bench-media-" + n);
                message.put("Format", "amr");
                message.put("Recognition", text);
            } else {
                message.put("MsgType", "text");
                message.put("Content", text);
            }
            message.put("MsgId", String.valueOf(msgIdBase + msgIds.getAndIncrement()));
            String encrypt = crypto.encrypt(WeChatXml.write(message));
            String nonce = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 10_000_000_000L));
            Map<String, String> envelope = new LinkedHashMap<>();
            envelope.put("ToUserName", ACCOUNT_USER);
            envelope.put("Encrypt", encrypt);
            String query = "?signature=" + signature.sign(now, nonce) + "&timestamp=" + now + "&nonce=" + nonce
                    + "&openid=" + from + "&encrypt_type=aes&msg_signature=" + signature.sign(now, nonce, encrypt);
            if (voice) {
                voiceMessages.incrementAndGet();
            }
            return HttpConnection.postXml(port, (bare ? barePath() : webhookPath()) + query, WeChatXml.write(envelope),
                    "User-Agent", "Mozilla/4.0", "Accept", "*/*", "Pragma", "no-cache");
        }

        /** The text of the passive reply, if it is a correctly signed and encrypted reply to {@code openId}. */
        private String replyText(HttpConnection.Response response) {
            try {
                Map<String, String> envelope = WeChatXml.parse(response.body());
                String encrypt = envelope.get("Encrypt");
                if (!signature.verify(envelope.get("MsgSignature"), envelope.get("TimeStamp"), envelope.get("Nonce"),
                        encrypt)) {
                    return null;
                }
                Map<String, String> reply = WeChatXml.parse(WeChatXml.bytes(crypto.decrypt(encrypt)));
                if (!openId.equals(reply.get("ToUserName")) || !"text".equals(reply.get("MsgType"))) {
                    return null;
                }
                return reply.get("Content");
            } catch (WeChatXml.MalformedException | WeChatCrypto.InvalidMessageException e) {
                return null;
            }
        }

        @Override
        public boolean accept(HttpConnection.Response response) {
            if (bare) {
                return response.status() == 200 && response.text().contains(expected);
            }
            // The SMS scripts' "<Response/>" is silence (an open ticket): WeChat's is a plain "success".
            String text = response.status() == 200 && !expected.equals("<Response/>") ? replyText(response) : null;
            boolean good = expected.equals("<Response/>")
                    ? response.status() == 200 && response.text().equals("success")
                    : text != null && text.contains(expected);
            if (!good) {
                if (surveyStep) {
                    // What the survey holds now is unknown: leave this customer.
                    abandoned.incrementAndGet();
                    current = null;
                }
                return false;
            }
            accepted.incrementAndGet();
            if (!surveyStep) {
                unknown.incrementAndGet();
                return true;
            }
            Step step = current.script.steps[current.step];
            surveyMessages.incrementAndGet();
            if (step.storesAnswer()) {
                answersStored.incrementAndGet();
            } else if (step.reprompt()) {
                reprompts.incrementAndGet();
            } else {
                afterEnd.incrementAndGet();
            }
            if (step.completes()) {
                completed.incrementAndGet();
            }
            current.step++;
            if (current.step == current.script.steps.length) {
                current = null;
            }
            return true;
        }
    }

    // --- what was sent -------------------------------------------------------------------------------------

    /** Pushes to the real endpoint answered as they must be, warm-up included. */
    long accepted() {
        return accepted.get();
    }

    String mix() {
        return String.format(java.util.Locale.ROOT, "%d pushes answered correctly (warm-up included): %d from "
                + "customers in a survey (%d stored an answer, %d got a re-prompt, %d came after the survey ended), "
                + "%d from unknown OpenIDs (auto-reply); %d voice messages among the customers' pushes; %d surveys "
                + "completed; %d conversations abandoned after a wrong reply; the pool of sent surveys ran dry %d times "
                + "(an unknown-OpenID message went instead).",
                accepted.get(), surveyMessages.get(), answersStored.get(), reprompts.get(), afterEnd.get(),
                unknown.get(), voiceMessages.get(), completed.get(), abandoned.get(), dry.get());
    }

    long answersStored() {
        return answersStored.get();
    }

    long completed() {
        return completed.get();
    }

    long dry() {
        return dry.get();
    }
}
