package io.closeloop.bench;

import io.closeloop.channels.sms.TwilioSignature;
import io.closeloop.service.config.SmsConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Inbound SMS as Twilio posts them to {@code /webhooks/twilio/sms}: form-encoded with Twilio's parameters, a new
 * {@code MessageSid} each, signed with the configured auth token over the configured public URL.
 *
 * <p>Nine messages in ten come from customers answering a survey held by text: each such customer bought
 * something, the scheduler sent the invitation (the first question) to their phone, and they now reply one
 * message at a time, following one of four {@link Script scripts} (English and Chinese, with an unreadable reply
 * that earns a re-prompt, a detractor who says thanks after the end). Every tenth message comes from a number
 * nobody knows and gets the auto-reply. A client owns the conversation it is in, so one customer's messages
 * are never in flight together, and checks every reply for the text that step must produce. Customers come
 * from a pool of surveys already sent, filled between rounds by {@link SmsBench}.
 */
final class SmsWorkload {

    static final String WEBHOOK_PATH = "/webhooks/twilio/sms";
    static final String BARE_PATH = "/bench/bare/sms";
    /** Every UNKNOWN_EVERY-th message of a client comes from an unknown number. */
    static final int UNKNOWN_EVERY = 10;

    /** One message of a conversation and what the service must answer to it. */
    record Step(String text, String expected, boolean storesAnswer, boolean completes, boolean reprompt) {
    }

    /** What a customer texts, step by step, after the invitation brought the first question. */
    enum Script {
        EN_PROMOTER("en",
                answer("5", "How likely are you to recommend us"),
                answer("9", "What did you like most?"),
                last("Fast delivery and a friendly driver.", "Thank you! Your answers help us")),
        EN_REPROMPTED("en",
                new Step("hmm, let me think about it", "Sorry, I did not catch that", false, false, true),
                answer("4", "How likely are you to recommend us"),
                answer("7 I guess", "What could we do better?"),
                last("SKIP", "Thank you! Your answers help us")),
        EN_DETRACTOR("en",
                answer("2, delivery was slow", "How likely are you to recommend us"),
                answer("3", "What went wrong?"),
                last("The box was damaged and nobody called back.", "someone from our team will contact you"),
                // A detractor has a ticket now: their next message joins it, and the bot stays silent.
                new Step("ok thanks", "<Response/>", false, false, false)),
        ZH_PROMOTER("zh-CN",
                answer("非常满意", "您有多大可能向朋友推荐我们"),
                answer("10", "您最喜欢的是哪一点"),
                last("送货很快，包装也很好", "您的反馈将帮助我们做得更好"));

        final String locale;
        final Step[] steps;

        Script(String locale, Step... steps) {
            this.locale = locale;
            this.steps = steps;
        }

        private static Step answer(String text, String expected) {
            return new Step(text, expected, true, false, false);
        }

        private static Step last(String text, String expected) {
            return new Step(text, expected, true, true, false);
        }
    }

    /** A customer with a survey sent to their phone, and how far they have got. */
    static final class Conversation {
        final String phone;
        final Script script;
        int step;

        Conversation(String phone, Script script) {
            this.phone = phone;
            this.script = script;
        }
    }

    private static final String[][] UNKNOWN_TEXTS = {
        {"Hi, has my order shipped yet?", "Thanks for your message!"},
        {"你好，请问我的快递到哪里了？", "感谢您的留言"},
    };
    private static final DateTimeFormatter OFFSET_TIME =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

    private final int port;
    private final String signedUrl;
    private final TwilioSignature signature;
    private final String accountSid;
    private final String to;
    private final String run;
    private final long sidPrefix;
    private final String timeZone;

    private final AtomicLong customers = new AtomicLong();
    private final AtomicLong unknownNumbers = new AtomicLong();
    private final AtomicLong messageSids = new AtomicLong();
    private final Queue<Conversation> ready = new ConcurrentLinkedQueue<>();
    private final Queue<Conversation> resumed = new ConcurrentLinkedQueue<>();
    private final List<WebhookClient> live = new ArrayList<>();

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong surveyMessages = new AtomicLong();
    private final AtomicLong answersStored = new AtomicLong();
    private final AtomicLong reprompts = new AtomicLong();
    private final AtomicLong afterEnd = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong dry = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();

    SmsWorkload(int port, URI publicBaseUrl, SmsConfig sms, String run) {
        String base = publicBaseUrl.toString();
        this.port = port;
        this.signedUrl = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + WEBHOOK_PATH;
        this.signature = new TwilioSignature(sms.authToken().reveal());
        this.accountSid = sms.accountSid();
        this.to = sms.fromNumber().orElse("");
        this.run = run;
        this.sidPrefix = Long.parseLong(run, 36) & 0xffffffffL;
        this.timeZone = daytimeZone(Instant.now());
    }

    /**
     * A time zone where it is now between 10:00 and 20:00, so the invitations are not held back by the quiet
     * hours (21:00 to 09:00) of config/local.yml. One of these four always fits.
     */
    static String daytimeZone(Instant now) {
        for (String zone : List.of("Asia/Shanghai", "Europe/Berlin", "America/New_York", "America/Los_Angeles")) {
            int hour = ZonedDateTime.ofInstant(now, ZoneId.of(zone)).getHour();
            if (hour >= 10 && hour < 20) {
                return zone;
            }
        }
        return "UTC";
    }

    String timeZone() {
        return timeZone;
    }

    // --- preparing surveys ---------------------------------------------------------------------------------

    /**
     * Purchases with {@code "channel":"sms"} by new customers, delivered 25 hours ago, so that the scheduler
     * sends their invitation at once (the send delay is 24 hours). Each one scheduled goes to {@code prepared}.
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
                        && text.contains("\"channel\":\"sms\"");
                if (good) {
                    prepared.add(new Conversation(phone(n), script(n)));
                }
                return good;
            }
        };
    }

    private String purchaseBody(long n) {
        Instant delivered = Instant.now().minus(25, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Script script = script(n);
        return "{\"orderId\":\"sms-" + run + "-" + n + "\",\"channel\":\"sms\""
                + ",\"customer\":{\"externalId\":\"sms-cust-" + run + "-" + n + "\",\"name\":\"Customer " + n + "\""
                + ",\"phone\":\"" + phone(n) + "\",\"locale\":\"" + script.locale + "\",\"timeZone\":\"" + timeZone + "\"}"
                + ",\"purchasedAt\":\"" + OFFSET_TIME.format(delivered.minus(1, ChronoUnit.HOURS)) + "\""
                + ",\"deliveredAt\":\"" + OFFSET_TIME.format(delivered) + "\""
                + ",\"store\":\"store-" + n % 20 + "\",\"products\":[{\"sku\":\"SKU-" + n % 500 + "\",\"name\":\"Product "
                + n % 500 + "\"}],\"amount\":" + (10 + n % 90) + ".50,\"currency\":\"CNY\"}";
    }

    private static String phone(long n) {
        return String.format("+86139%08d", n % 100_000_000L);
    }

    private static Script script(long n) {
        return Script.values()[(int) (n % Script.values().length)];
    }

    /** Surveys whose invitation has been sent: customers ready to answer. */
    void addReady(Collection<Conversation> conversations) {
        ready.addAll(conversations);
    }

    int readyCount() {
        return ready.size() + resumed.size();
    }

    /** The mean number of messages of a conversation, to size the pool. */
    static double meanConversationLength() {
        double steps = 0;
        for (Script script : Script.values()) {
            steps += script.steps.length;
        }
        return steps / Script.values().length;
    }

    // --- load ----------------------------------------------------------------------------------------------

    /** Signed webhooks to the real endpoint. Conversations left unfinished by the last round go on first. */
    synchronized IntFunction<ClosedLoop.Client> webhooks() {
        for (WebhookClient client : live) {
            if (client.current != null) {
                resumed.add(client.current);
            }
        }
        live.clear();
        return client -> {
            WebhookClient created = new WebhookClient(false);
            synchronized (this) {
                live.add(created);
            }
            return created;
        };
    }

    /** The same kind of request (unknown numbers), to the bare endpoint. */
    IntFunction<ClosedLoop.Client> bare() {
        return client -> new WebhookClient(true);
    }

    /**
     * An inbound SMS as Twilio posts it to {@code path}: its form parameters, a new {@code MessageSid}, signed over
     * the webhook's public URL (also for the bare endpoint, which checks nothing).
     */
    byte[] signed(String path, String from, String body) {
        String sid = String.format("SM%08x%024x", sidPrefix, messageSids.getAndIncrement());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("ToState", "CA");
        form.put("SmsMessageSid", sid);
        form.put("NumMedia", "0");
        form.put("ToCity", "");
        form.put("FromZip", "");
        form.put("SmsSid", sid);
        form.put("FromState", "");
        form.put("SmsStatus", "received");
        form.put("FromCity", "");
        form.put("Body", body);
        form.put("FromCountry", "CN");
        form.put("To", to);
        form.put("ToZip", "");
        form.put("NumSegments", "1");
        form.put("MessageSid", sid);
        form.put("AccountSid", accountSid);
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        Map<String, List<String>> params = new LinkedHashMap<>();
        StringBuilder encoded = new StringBuilder(512);
        form.forEach((name, value) -> {
            params.put(name, List.of(value));
            encoded.append(encoded.isEmpty() ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return HttpConnection.postForm(port, path, encoded.toString(),
                TwilioSignature.HEADER, signature.sign(signedUrl, params),
                "User-Agent", "TwilioProxy/1.1", "I-Twilio-Idempotency-Token", sid);
    }

    private final class WebhookClient implements ClosedLoop.Client {
        private final boolean bare;
        private long n;
        private Conversation current;
        private boolean surveyStep;
        private String expected;

        WebhookClient(boolean bare) {
            this.bare = bare;
        }

        @Override
        public byte[] nextRequest() {
            n++;
            if (bare || n % UNKNOWN_EVERY == 0) {
                return fromUnknownNumber();
            }
            if (current == null) {
                current = resumed.poll();
                if (current == null) {
                    current = ready.poll();
                }
                if (current == null) {
                    dry.incrementAndGet();
                    return fromUnknownNumber();
                }
            }
            Step step = current.script.steps[current.step];
            surveyStep = true;
            expected = step.expected();
            return webhook(current.phone, step.text());
        }

        private byte[] fromUnknownNumber() {
            long number = unknownNumbers.getAndIncrement();
            String[] text = UNKNOWN_TEXTS[(int) (number % UNKNOWN_TEXTS.length)];
            surveyStep = false;
            expected = bare ? "<Message><Body>Thanks for your message!" : text[1];
            return webhook(String.format("+86188%08d", number % 100_000_000L), text[0]);
        }

        private byte[] webhook(String from, String body) {
            return signed(bare ? BARE_PATH : WEBHOOK_PATH, from, body);
        }

        @Override
        public boolean accept(HttpConnection.Response response) {
            boolean good = response.status() == 200 && response.text().contains(expected);
            if (bare) {
                return good;
            }
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

    /** Webhooks to the real endpoint answered as they must be, warm-up included. */
    long accepted() {
        return accepted.get();
    }

    String mix() {
        return String.format(java.util.Locale.ROOT, "%d webhooks answered correctly (warm-up included): %d from "
                + "customers in a survey (%d stored an answer, %d got a re-prompt, %d came after the survey ended), "
                + "%d from unknown numbers (auto-reply); %d surveys completed; %d conversations abandoned after a "
                + "wrong reply; the pool of sent surveys ran dry %d times (an unknown-number message went instead).",
                accepted.get(), surveyMessages.get(), answersStored.get(), reprompts.get(), afterEnd.get(),
                unknown.get(), completed.get(), abandoned.get(), dry.get());
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
