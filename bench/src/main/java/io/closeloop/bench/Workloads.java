package io.closeloop.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** The requests the benchmarks send: the baseline, purchase events and survey answers. */
final class Workloads {

    private Workloads() {
    }

    /** The baseline: the same small JSON body as an answer, to an endpoint that does nothing with it. */
    static IntFunction<ClosedLoop.Client> bare(int port) {
        return client -> new ClosedLoop.Client() {
            private long n;

            @Override
            public byte[] nextRequest() {
                return HttpConnection.post(port, "/bench/bare", null,
                        "{\"questionId\":\"q1\",\"value\":" + (1 + n++ % 5) + "}");
            }

            @Override
            public boolean accept(HttpConnection.Response response) {
                return response.status() == 200 && contains(response.body(), "\"state\":\"open\"");
            }
        };
    }

    /**
     * Purchase events with unique order ids. Four in five come from a new customer; the fifth from a
     * customer of a recent order, whom the frequency cap then suppresses (still a full ingestion: the
     * customer is updated and the purchase and a suppressed invitation are stored).
     */
    static final class Purchases {
        private static final DateTimeFormatter OFFSET_TIME =
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

        private final int port;
        private final String apiKey;
        private final String run;
        private final AtomicLong orders = new AtomicLong();
        private final AtomicLong scheduled = new AtomicLong();
        private final AtomicLong suppressed = new AtomicLong();
        private final Queue<String> tokens = new ConcurrentLinkedQueue<>();

        Purchases(int port, String apiKey, String run) {
            this.port = port;
            this.apiKey = apiKey;
            this.run = run;
        }

        IntFunction<ClosedLoop.Client> clients() {
            return client -> new ClosedLoop.Client() {
                @Override
                public byte[] nextRequest() {
                    return HttpConnection.post(port, "/api/v1/purchases", apiKey, body(orders.getAndIncrement()));
                }

                @Override
                public boolean accept(HttpConnection.Response response) {
                    if (response.status() != 202) {
                        return false;
                    }
                    String text = response.text();
                    if (text.contains("\"status\":\"scheduled\"")) {
                        int at = text.indexOf("/s/");
                        if (at < 0) {
                            return false;
                        }
                        tokens.add(text.substring(at + 3, text.indexOf('"', at)));
                        scheduled.incrementAndGet();
                        return true;
                    }
                    if (text.contains("\"status\":\"suppressed\"")) {
                        suppressed.incrementAndGet();
                        return true;
                    }
                    return false;
                }
            };
        }

        String body(long order) {
            // 4 in 5 orders bring a new customer; order 5q+4 repeats the customer of an order among the last 250.
            long customer = order % 5 == 4 ? order - 1 - 5 * ((order / 5) % 50) : order;
            Instant purchased = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
            StringBuilder json = new StringBuilder(512)
                    .append("{\"orderId\":\"bench-").append(run).append('-').append(order).append('"')
                    .append(",\"customer\":{\"externalId\":\"cust-").append(run).append('-').append(customer).append('"')
                    .append(",\"name\":\"Customer ").append(customer).append('"')
                    .append(",\"phone\":\"+86139").append(String.format("%08d", customer % 100_000_000L)).append('"')
                    .append(",\"locale\":\"").append(customer % 3 == 0 ? "zh-CN" : "en").append('"')
                    .append(",\"timeZone\":\"Asia/Shanghai\"}")
                    .append(",\"purchasedAt\":\"").append(OFFSET_TIME.format(purchased)).append('"');
            if (order % 2 == 0) {
                json.append(",\"deliveredAt\":\"").append(OFFSET_TIME.format(purchased.plus(1, ChronoUnit.HOURS)))
                        .append('"');
            }
            json.append(",\"store\":\"store-").append(order % 20).append('"').append(",\"products\":[");
            int products = 1 + (int) (order % 3);
            for (int p = 0; p < products; p++) {
                json.append(p == 0 ? "" : ",").append("{\"sku\":\"SKU-").append((order * 7 + p) % 500)
                        .append("\",\"name\":\"Product ").append((order * 7 + p) % 500).append("\"}");
            }
            return json.append("]}").toString();
        }

        long sent() {
            return orders.get();
        }

        long scheduled() {
            return scheduled.get();
        }

        long suppressed() {
            return suppressed.get();
        }

        List<String> tokens() {
            return List.copyOf(tokens);
        }
    }

    /**
     * Answers that each change stored state. Every client owns its own tokens (distinct customers never
     * contend for one survey) and visits them in turn: on a token's visits 1, 3, 5, … it answers q1 (CSAT), on
     * visits 2, 4, 6, … q2 (NPS), each time with a value different from the last one for that question. A
     * question's first accepted answer inserts a row, later ones update it. q3 is never answered, so the survey
     * stays open and the token can be used again.
     */
    static final class Answers {
        private final int port;
        private final List<String> tokens;
        private final int clients;
        private final long[] visits;
        /** Per client: bit 2 * slot is set once q1 of its slot-th token was accepted, 2 * slot + 1 for q2. */
        private final java.util.BitSet[] answered;
        private final AtomicLong inserts = new AtomicLong();
        private final AtomicLong updates = new AtomicLong();

        Answers(int port, List<String> tokens, int clients) {
            if (tokens.size() < clients) {
                throw new IllegalArgumentException("need at least one open survey per client");
            }
            this.port = port;
            this.tokens = tokens;
            this.clients = clients;
            this.visits = new long[clients];
            this.answered = new java.util.BitSet[clients];
            for (int c = 0; c < clients; c++) {
                answered[c] = new java.util.BitSet();
            }
        }

        IntFunction<ClosedLoop.Client> clients() {
            return client -> new ClosedLoop.Client() {
                // The client's tokens are those at indexes client, client + clients, client + 2 clients, ...
                private final int owned = (tokens.size() - client + clients - 1) / clients;
                private int bit;

                @Override
                public byte[] nextRequest() {
                    long visit = visits[client]++;
                    long round = visit / owned;
                    int slot = (int) (visit % owned);
                    String token = tokens.get(client + slot * clients);
                    bit = 2 * slot + (int) (round % 2);
                    String body = round % 2 == 0
                            ? "{\"questionId\":\"q1\",\"value\":" + (1 + (round / 2) % 5) + "}"
                            : "{\"questionId\":\"q2\",\"value\":" + ((round / 2) % 11) + "}";
                    return HttpConnection.post(port, "/api/v1/surveys/" + token + "/answers", null, body);
                }

                @Override
                public boolean accept(HttpConnection.Response response) {
                    boolean good = response.status() == 200 && contains(response.body(), "\"state\":\"open\"");
                    if (good) {
                        (answered[client].get(bit) ? updates : inserts).incrementAndGet();
                        answered[client].set(bit);
                    }
                    return good;
                }
            };
        }

        /** Accepted answers that created a row (a question's first answer on its survey). */
        long inserts() {
            return inserts.get();
        }

        /** Accepted answers that changed an earlier answer. */
        long updates() {
            return updates.get();
        }
    }

    static boolean contains(byte[] body, String ascii) {
        return new String(body, StandardCharsets.UTF_8).contains(ascii);
    }
}
