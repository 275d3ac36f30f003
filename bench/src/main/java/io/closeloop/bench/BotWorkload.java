package io.closeloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.closeloop.service.i18n.Messages;
import io.closeloop.service.i18n.SupportedLocales;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Customers who ask the bot over SMS: numbers with no survey in progress text FAQ questions to
 * {@code /webhooks/twilio/sms} (signed as {@link SmsWorkload} signs them) and read the answer in the TwiML reply.
 *
 * <p>Each customer is a new number that asks one to three questions of different intents, all in English or all
 * in Chinese (half the customers each). The questions paraphrase the demo FAQ ({@code demo/faq.csv}) in words of
 * their own, and each carries an order, account or store number that is new for every message: the sentiment
 * analyzer caches results by text, and customers' questions rarely repeat word for word, so every message here
 * gets the full sentiment check, as in production. Every reply is checked and counted by {@link Kind}; when the
 * bot offers a numbered choice that contains the intended question, the customer replies with its number. A
 * customer stops after a "not sure" (a second miss would hand over to a person) or a handoff, so the next
 * message comes from a new number. No question asks for a person or is angry.
 */
final class BotWorkload {

    /** How the bot answered a message. */
    enum Kind {
        ANSWER("the FAQ answer of the intended question"),
        OTHER_ANSWER("the FAQ answer of another intent"),
        CHOICE("a numbered choice between intents"),
        ANSWER_AFTER_CHOICE("the FAQ answer after the customer replied with a number"),
        NOT_SURE("\"not sure, put it another way\""),
        HANDOFF("handed over to a person (a ticket)");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** A question as customers put it; {@code %d} is a number new for every message. */
    record Question(String intent, String locale, String template) {
        String text(long number) {
            return String.format(Locale.ROOT, template, number);
        }
    }

    // Chosen so that the sentiment check leaves them to the bot (see BENCHMARKS.md: many plain Chinese questions
    // score as angry). Two in each language usually get "not sure", one sometimes a choice.
    static final List<Question> ENGLISH = List.of(
            new Question("delivery_time", "en", "when will my parcel arrive if I order item %d today?"),
            new Question("delivery_time", "en", "How many working days is standard delivery to postcode %d?"),
            new Question("order_status", "en", "where is my order %d at the moment?"),
            new Question("order_status", "en", "has order %d left the warehouse yet"),
            new Question("order_status", "en", "hi, could you tell me where order %d is right now?"),
            new Question("returns", "en", "what do I do to return order %d?"),
            new Question("refunds", "en", "I posted order %d back last week, when do I get my money?"),
            new Question("refunds", "en", "when will the refund for order %d reach my card?"),
            new Question("refunds", "en", "refund or return for order %d?"),
            new Question("payment_methods", "en", "can I pay for order %d with Alipay or a credit card?"),
            new Question("invoice", "en", "could you email me an invoice for order %d please"),
            new Question("account_password", "en", "I can't remember the password for account %d, how do I reset it?"),
            new Question("opening_hours", "en", "what time does your shop open on Sunday? my member card is %d"),
            new Question("change_address", "en", "I need to change the delivery address for order %d"),
            new Question("cancel_order", "en", "is it still possible to cancel order %d?"),
            new Question("shipping_cost", "en", "how much do you charge for delivery on order %d?"));

    static final List<Question> CHINESE = List.of(
            new Question("order_status", "zh-CN", "我的快递什么时候到？订单号%d"),
            new Question("order_status", "zh-CN", "帮我看下订单%d发货了没有"),
            new Question("delivery_time", "zh-CN", "今天下单的话寄到邮编%d要几天？"),
            new Question("delivery_time", "zh-CN", "请问订单%d大概几号能送到"),
            new Question("returns", "zh-CN", "请问订单%d的鞋子可以退吗"),
            new Question("returns", "zh-CN", "请问订单%d的鞋子尺码不对可以换吗"),
            new Question("returns", "zh-CN", "订单%d的衣服想退掉，请问流程是什么"),
            new Question("refunds", "zh-CN", "请问订单%d的钱什么时候退回来"),
            new Question("payment_methods", "zh-CN", "请问订单%d能用支付宝付吗"),
            new Question("invoice", "zh-CN", "订单%d能给我开一张发票吗"),
            new Question("account_password", "zh-CN", "请问账号%d的密码怎么重置"),
            new Question("opening_hours", "zh-CN", "请问%d号门店周日几点开门"),
            new Question("change_address", "zh-CN", "订单%d的收货地址需要改一下"),
            new Question("cancel_order", "zh-CN", "请问订单%d现在还能取消吗"),
            new Question("shipping_cost", "zh-CN", "请问订单%d的运费怎么算"));

    /** What the service answers from: the FAQ as {@code GET /api/v1/faq} lists it. */
    record Faq(Map<String, Map<String, String>> answers, Map<String, String> intentOfQuestion) {

        static Faq of(JsonNode listing) {
            Map<String, Map<String, String>> answers = new HashMap<>();
            Map<String, String> intentOfQuestion = new HashMap<>();
            for (JsonNode entry : listing.path("entries")) {
                String intent = entry.path("intent").asText();
                Map<String, String> byLocale = new HashMap<>();
                entry.path("answers").fields().forEachRemaining(e -> byLocale.put(e.getKey(), e.getValue().asText()));
                answers.put(intent, byLocale);
                for (JsonNode question : entry.path("questions")) {
                    intentOfQuestion.put(question.path("text").asText(), intent);
                }
            }
            return new Faq(Map.copyOf(answers), Map.copyOf(intentOfQuestion));
        }

        /** The intent whose answer in {@code locale} is {@code text}. */
        Optional<String> intentAnswered(String text, String locale) {
            return answers.entrySet().stream().filter(e -> text.equals(e.getValue().get(locale)))
                    .map(Map.Entry::getKey).findFirst();
        }
    }

    private static final int LANGUAGES = 2;
    /**
     * Numbers of 5 digits in the bot's questions, each new: 10000 + a permutation of 0..89988 (a prime), unique
     * for 89,989 messages. The bare endpoint's copies need no such care: nothing there caches.
     */
    private static final long NUMBER_RANGE = 89_989;

    private final SmsWorkload sms;
    private final Faq faq;
    private final String[] choose = new String[LANGUAGES];
    private final String[] notSure = new String[LANGUAGES];
    private final String[] handoff = new String[LANGUAGES];

    private final AtomicLong customers = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bareNumbers = new AtomicLong();
    /** Replies by language (0 English, 1 Chinese) and kind. */
    private final AtomicLongArray kinds = new AtomicLongArray(LANGUAGES * Kind.values().length);
    private final AtomicLong answersInOtherLanguage = new AtomicLong();
    private final AtomicLong customersDone = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    /** Time from sending to the reply checked, summed by language, and the turns it covers. */
    private final AtomicLongArray latencyNs = new AtomicLongArray(LANGUAGES);
    private final AtomicLongArray turns = new AtomicLongArray(LANGUAGES);
    private final Map<String, AtomicLong> confusions = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> wrongReplies = java.util.Collections.synchronizedList(new ArrayList<>());

    BotWorkload(SmsWorkload sms, Faq faq) {
        this.sms = sms;
        this.faq = faq;
        Messages texts = new Messages();
        String[] locales = {SupportedLocales.ENGLISH, SupportedLocales.CHINESE};
        for (int i = 0; i < LANGUAGES; i++) {
            choose[i] = texts.get(locales[i], "bot.choose");
            notSure[i] = texts.get(locales[i], "bot.not_sure");
            // The handoff names the wait, which depends on the queue: what comes before it identifies the reply.
            String marked = texts.get(locales[i], "bot.handoff", "\u0000");
            handoff[i] = marked.substring(0, marked.indexOf('\u0000'));
        }
        for (Question question : concat(ENGLISH, CHINESE)) {
            if (!faq.answers().containsKey(question.intent())) {
                throw new IllegalStateException("the FAQ served has no intent " + question.intent());
            }
        }
    }

    /** Bot conversations on the real webhook. */
    IntFunction<ClosedLoop.Client> conversations() {
        return client -> new BotClient(false);
    }

    /** The same questions from new numbers to the bare endpoint, which answers a fixed text. */
    IntFunction<ClosedLoop.Client> bare() {
        return client -> new BotClient(true);
    }

    private long nextNumber() {
        return 10_000 + Math.floorMod(messages.getAndIncrement() * 48_271L, NUMBER_RANGE);
    }

    /** One customer: a number, a language, and the questions still to ask. */
    private static final class Customer {
        final String phone;
        final int language;
        final List<Question> plan;
        int next;

        Customer(String phone, int language, List<Question> plan) {
            this.phone = phone;
            this.language = language;
            this.plan = plan;
        }
    }

    private Customer newCustomer() {
        long n = customers.getAndIncrement();
        int language = (int) (n % LANGUAGES);
        List<Question> questions = language == 0 ? ENGLISH : CHINESE;
        int turns = 1 + (int) ((n / LANGUAGES) % 3);
        // A stride coprime with the list's length walks through it, so a customer's questions differ.
        int first = (int) ((n * 7) % questions.size());
        List<Question> plan = new ArrayList<>(turns);
        for (int t = 0; t < turns; t++) {
            Question q = questions.get((first + 5 * t) % questions.size());
            if (plan.stream().noneMatch(p -> p.intent().equals(q.intent()))) {
                plan.add(q);
            }
        }
        return new Customer(String.format("+86137%08d", n % 100_000_000L), language, plan);
    }

    private final class BotClient implements ClosedLoop.Client {
        private final boolean bare;
        private Customer customer;
        /** The intent the customer picked from a choice, and its number; null when a question goes next. */
        private String pickedIntent;
        private int pickedNumber;
        private Question asked;
        private long sentAt;
        private String sentText;

        BotClient(boolean bare) {
            this.bare = bare;
        }

        @Override
        public byte[] nextRequest() {
            if (bare) {
                long n = bareNumbers.getAndIncrement();
                List<Question> questions = n % LANGUAGES == 0 ? ENGLISH : CHINESE;
                Question q = questions.get((int) ((n / LANGUAGES) % questions.size()));
                return sms.signed(SmsWorkload.BARE_PATH, String.format("+86136%08d", n % 100_000_000L),
                        q.text(10_000 + n % 90_000));
            }
            if (customer == null) {
                customer = newCustomer();
            }
            if (pickedIntent != null) {
                sentText = Integer.toString(pickedNumber);
            } else {
                asked = customer.plan.get(customer.next);
                sentText = asked.text(nextNumber());
            }
            byte[] request = sms.signed(SmsWorkload.WEBHOOK_PATH, customer.phone, sentText);
            sentAt = System.nanoTime();
            return request;
        }

        @Override
        public boolean accept(HttpConnection.Response response) {
            if (bare) {
                return response.status() == 200 && response.text().contains("<Message><Body>Thanks for your message!");
            }
            Optional<String> body = response.status() == 200 ? onlyMessage(response.text()) : Optional.empty();
            Optional<Kind> kind = body.flatMap(this::kindOf);
            if (kind.isEmpty()) {
                // Also those after a round's deadline, which the load generator does not count as errors.
                if (abandoned.incrementAndGet() <= 5) {
                    String reply = response.text().replaceAll("\\s+", " ");
                    wrongReplies.add("\"" + sentText + "\""
                            + " → " + response.status() + " " + (reply.length() > 200 ? reply.substring(0, 200) + "…" : reply));
                }
                customer = null;
                pickedIntent = null;
                return false;
            }
            kinds.incrementAndGet(customer.language * Kind.values().length + kind.get().ordinal());
            latencyNs.addAndGet(customer.language, System.nanoTime() - sentAt);
            turns.incrementAndGet(customer.language);
            switch (kind.get()) {
                case ANSWER, OTHER_ANSWER, ANSWER_AFTER_CHOICE -> nextQuestion();
                case CHOICE -> {
                    if (pickedIntent == null) {
                        nextQuestion();
                    }
                }
                case NOT_SURE, HANDOFF -> done();
            }
            return true;
        }

        /** What the reply is, given what was sent; empty when it is nothing the bot should say. */
        private Optional<Kind> kindOf(String text) {
            if (pickedIntent != null) {
                String intent = pickedIntent;
                pickedIntent = null;
                if (text.equals(faq.answers().get(intent).get(asked.locale()))) {
                    return Optional.of(Kind.ANSWER_AFTER_CHOICE);
                }
                // The number alone does not say the language: the answer may come in the other one.
                if (faq.answers().get(intent).containsValue(text)) {
                    answersInOtherLanguage.incrementAndGet();
                    return Optional.of(Kind.ANSWER_AFTER_CHOICE);
                }
                return Optional.empty();
            }
            Optional<Reply> reply = replyTo(asked.intent(), asked.locale(), text);
            reply.filter(r -> r.kind() == Kind.OTHER_ANSWER).ifPresent(r -> confusions
                    .computeIfAbsent(asked.intent() + " → " + r.otherIntent(), k -> new AtomicLong()).incrementAndGet());
            reply.filter(r -> r.kind() == Kind.CHOICE && r.pick() > 0).ifPresent(r -> {
                pickedIntent = asked.intent();
                pickedNumber = r.pick();
            });
            return reply.map(Reply::kind);
        }

        private void nextQuestion() {
            customer.next++;
            if (customer.next == customer.plan.size()) {
                done();
            }
        }

        private void done() {
            customersDone.incrementAndGet();
            customer = null;
            pickedIntent = null;
        }
    }

    /**
     * A first reply to a question: its kind, the intent answered when it is another intent's answer, and for a
     * choice the number of the option that names the intended question (0 if none does).
     */
    record Reply(Kind kind, String otherIntent, int pick) {
    }

    /** How the bot replied to a question of {@code intent} in {@code locale}; empty when the bot should not say it. */
    Optional<Reply> replyTo(String intent, String locale, String text) {
        int language = locale.equals(SupportedLocales.CHINESE) ? 1 : 0;
        if (text.equals(faq.answers().get(intent).get(locale))) {
            return Optional.of(new Reply(Kind.ANSWER, null, 0));
        }
        Optional<String> other = faq.intentAnswered(text, locale);
        if (other.isPresent()) {
            return Optional.of(new Reply(Kind.OTHER_ANSWER, other.get(), 0));
        }
        if (text.startsWith(choose[language] + "\n")) {
            String[] lines = text.substring(choose[language].length() + 1).split("\n");
            int pick = 0;
            for (int i = 0; i < lines.length; i++) {
                String prefix = (i + 1) + ". ";
                String option = lines[i].startsWith(prefix)
                        ? faq.intentOfQuestion().get(lines[i].substring(prefix.length())) : null;
                if (option == null) {
                    return Optional.empty();
                }
                if (option.equals(intent)) {
                    pick = i + 1;
                }
            }
            return Optional.of(new Reply(Kind.CHOICE, null, pick));
        }
        if (text.equals(notSure[language])) {
            return Optional.of(new Reply(Kind.NOT_SURE, null, 0));
        }
        if (text.startsWith(handoff[language])) {
            return Optional.of(new Reply(Kind.HANDOFF, null, 0));
        }
        return Optional.empty();
    }

    /** The text of the one message of a TwiML answer, unescaped; empty for anything else. */
    static Optional<String> onlyMessage(String twiml) {
        String open = "<Response><Message><Body>";
        String close = "</Body></Message></Response>";
        int start = twiml.indexOf(open);
        if (start < 0 || !twiml.endsWith(close) || twiml.indexOf("<Message>", start + open.length()) >= 0) {
            return Optional.empty();
        }
        String escaped = twiml.substring(start + open.length(), twiml.length() - close.length());
        return Optional.of(escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&amp;", "&"));
    }

    // --- what was sent -------------------------------------------------------------------------------------

    /** Replies by language (0 English, 1 Chinese) and kind, and the summed time of those turns. */
    record Counts(long[][] kinds, long[] latencyNs, long[] turns) {

        Counts minus(Counts before) {
            long[][] k = new long[kinds.length][];
            long[] ns = new long[latencyNs.length];
            long[] t = new long[turns.length];
            for (int l = 0; l < kinds.length; l++) {
                k[l] = new long[kinds[l].length];
                for (int j = 0; j < kinds[l].length; j++) {
                    k[l][j] = kinds[l][j] - before.kinds[l][j];
                }
                ns[l] = latencyNs[l] - before.latencyNs[l];
                t[l] = turns[l] - before.turns[l];
            }
            return new Counts(k, ns, t);
        }

        long of(int language, Kind kind) {
            return kinds[language][kind.ordinal()];
        }

        long of(Kind kind) {
            return of(0, kind) + of(1, kind);
        }

        long total() {
            return Arrays.stream(kinds).flatMapToLong(Arrays::stream).sum();
        }

        /** Mean time from sending to the checked reply, in ms. */
        double meanMs(int language) {
            return turns[language] == 0 ? Double.NaN : latencyNs[language] / 1e6 / turns[language];
        }
    }

    Counts counts() {
        long[][] k = new long[LANGUAGES][Kind.values().length];
        long[] ns = new long[LANGUAGES];
        long[] t = new long[LANGUAGES];
        for (int l = 0; l < LANGUAGES; l++) {
            for (Kind kind : Kind.values()) {
                k[l][kind.ordinal()] = kinds.get(l * Kind.values().length + kind.ordinal());
            }
            ns[l] = latencyNs.get(l);
            t[l] = turns.get(l);
        }
        return new Counts(k, ns, t);
    }

    long messagesNumbered() {
        return messages.get();
    }

    String summary() {
        Map<String, Long> confused = new LinkedHashMap<>();
        confusions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> confused.put(e.getKey(), e.getValue().get()));
        return String.format(Locale.ROOT, "%d customers (new numbers), %d finished their questions or stopped after "
                + "\"not sure\" or a handoff; %d abandoned after a wrong reply; %d answers after a choice came in the "
                + "other language than the question; answers of another intent: %s; %d question texts numbered "
                + "(each number used once%s).%s", customers.get(), customersDone.get(), abandoned.get(),
                answersInOtherLanguage.get(), confused.isEmpty() ? "none" : confused, messages.get(),
                messages.get() > NUMBER_RANGE ? ", NOT unique beyond " + NUMBER_RANGE : "",
                wrongReplies.isEmpty() ? "" : " Wrong replies: " + String.join("; ", wrongReplies));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
