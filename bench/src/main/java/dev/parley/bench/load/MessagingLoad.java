package dev.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N authenticated clients in N/2 private chats (client 2k talks to 2k+1), sending {@code messages.send} at a fixed
 * total rate, open loop: a ticker on each event loop sends what is due every millisecond, whatever the replies do, and
 * latency is measured from the time a message was due, so a slow server cannot hide its queueing (no coordinated
 * omission). The message text carries that time; the recipient's push ({@code "out":false}) and the sender's reply
 * (sent by the server only after the commit) are matched to it without any per-message bookkeeping.
 */
final class MessagingLoad implements WsConnection.Listener, AutoCloseable {
    private static final String TEXT_MARK = "\"text\":\"b";
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);
    /** Most sends one tick may issue: bounds the loop when the generator falls far behind. */
    private static final int MAX_SENDS_PER_TICK = 20_000;

    private final List<WsConnection> connections;
    private final Recorder delivery = new Recorder(MAX_LATENCY_MICROS, 3);
    private final Recorder ack = new Recorder(MAX_LATENCY_MICROS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** Per-connection state, confined to the connection's event loop once the load runs. */
    private static final class Client {
        final WsConnection connection;
        long chatId;
        long nextRandomId = ThreadLocalRandom.current().nextLong(1, 1L << 50);

        Client(WsConnection connection) {
            this.connection = connection;
        }
    }

    private MessagingLoad(List<WsConnection> connections) {
        this.connections = connections;
    }

    /** Opens one authenticated connection per user (an even number) and the private chat of every pair. */
    static MessagingLoad open(LoadGenerator generator, List<Users.User> users, Duration timeout)
            throws InterruptedException {
        if (users.size() < 2 || users.size() % 2 != 0) {
            throw new IllegalArgumentException("the messaging load needs an even number of users, at least 2");
        }
        List<WsConnection> connections = new ArrayList<>(users.size());
        MessagingLoad load = new MessagingLoad(connections);
        connections.addAll(generator.openMany(users.size(), _ -> load, Users.hello(users), timeout));
        List<CompletableFuture<JsonNode>> chats = new ArrayList<>();
        for (int i = 0; i < users.size(); i += 2) {
            chats.add(connections.get(i).result("chats.createPrivate",
                    "{\"userId\":" + users.get(i + 1).userId() + "}"));
        }
        for (int pair = 0; pair < chats.size(); pair++) {
            long chatId = chats.get(pair).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join()
                    .path("chat").path("chatId").asLong();
            for (int i = 2 * pair; i <= 2 * pair + 1; i++) {
                Client client = new Client(connections.get(i));
                client.chatId = chatId;
                connections.get(i).attach(client);
            }
        }
        return load;
    }

    int clients() {
        return connections.size();
    }

    /** Totals since the connections opened: sent, acknowledged after commit, delivered to the recipient. */
    long[] totals() {
        return new long[] {sent.sum(), acked.sum(), delivered.sum()};
    }

    /** Counters and latency histograms of one measured window. */
    record Window(double seconds, long sent, long acked, long delivered, Map<String, Long> errors,
            Histogram delivery, Histogram ack) {
        double deliveredPerSecond() {
            return delivered / seconds;
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("seconds", seconds);
            map.put("sent", sent);
            map.put("acked", acked);
            map.put("delivered", delivered);
            map.put("deliveredPerSecond", Math.round(deliveredPerSecond()));
            map.put("errors", errors);
            map.put("deliveryLatencyMs", percentiles(delivery));
            map.put("ackLatencyMs", percentiles(ack));
            return map;
        }

        static Map<String, Object> percentiles(Histogram h) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("count", h.getTotalCount());
            map.put("p50", h.getValueAtPercentile(50) / 1000.0);
            map.put("p99", h.getValueAtPercentile(99) / 1000.0);
            map.put("p999", h.getValueAtPercentile(99.9) / 1000.0);
            map.put("max", h.getMaxValue() / 1000.0);
            return map;
        }
    }

    /**
     * Sends at {@code rate} messages/s for {@code warmup + measure}, then stops and waits (at most {@code drain}) for
     * the messages still in flight. The window covers {@code measure} only.
     */
    Window run(double rate, Duration warmup, Duration measure, Duration drain) throws InterruptedException {
        if (rate <= 0 || rate > 1_000_000) {
            throw new IllegalArgumentException("rate must be 0–1,000,000 messages/s");
        }
        Map<EventLoop, List<Client>> byLoop = new LinkedHashMap<>();
        for (WsConnection connection : connections) {
            byLoop.computeIfAbsent(connection.eventLoop(), _ -> new ArrayList<>()).add(connection.attachment());
        }
        long start = System.nanoTime();
        long stop = start + warmup.toNanos() + measure.toNanos();
        List<ScheduledFuture<?>> tickers = new ArrayList<>();
        for (Map.Entry<EventLoop, List<Client>> entry : byLoop.entrySet()) {
            double share = rate * entry.getValue().size() / connections.size();
            Ticker ticker = new Ticker(entry.getValue(), share, start, stop);
            tickers.add(entry.getKey().scheduleAtFixedRate(ticker, 0, 1, TimeUnit.MILLISECONDS));
        }
        Thread.sleep(warmup);
        delivery.reset();
        ack.reset();
        long windowStart = System.nanoTime();
        long sent0 = sent.sum();
        Map<String, Long> errors0 = errorCounts();
        Thread.sleep(Duration.ofNanos(Math.max(0, stop - System.nanoTime())));
        // The window's acked and delivered counts are the histograms' own counts: reading a counter beside a histogram
        // reset races with deliveries landing in between, and the histogram is what the figures come from.
        var deliveryWindow = delivery.getIntervalHistogram();
        var ackWindow = ack.getIntervalHistogram();
        Window window = new Window((System.nanoTime() - windowStart) / 1e9, sent.sum() - sent0,
                ackWindow.getTotalCount(), deliveryWindow.getTotalCount(), minus(errorCounts(), errors0),
                deliveryWindow, ackWindow);
        tickers.forEach(t -> t.cancel(false));
        awaitDrained(drain);
        return window;
    }

    /** Waits until every sent message has been answered and delivered, or {@code drain} has passed. */
    boolean awaitDrained(Duration drain) throws InterruptedException {
        long deadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < deadline) {
            long answered = acked.sum() + errorCounts().values().stream().mapToLong(Long::longValue).sum();
            if (answered >= sent.sum() && delivered.sum() >= acked.sum()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private Map<String, Long> errorCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        errors.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }

    private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> delta = new LinkedHashMap<>();
        now.forEach((code, count) -> {
            long d = count - before.getOrDefault(code, 0L);
            if (d > 0) {
                delta.put(code, d);
            }
        });
        return delta;
    }

    /** Sends what is due on one event loop, round robin over its clients. Runs on that loop. */
    private final class Ticker implements Runnable {
        private final List<Client> clients;
        private final double nanosPerMessage;
        private final long start;
        private final long stop;
        private long issued;
        private int next;

        Ticker(List<Client> clients, double rate, long start, long stop) {
            this.clients = clients;
            this.nanosPerMessage = 1e9 / rate;
            this.start = start;
            this.stop = stop;
        }

        @Override
        public void run() {
            long now = Math.min(System.nanoTime(), stop);
            long due = (long) ((now - start) / nanosPerMessage) + 1 - issued;
            for (long i = 0; i < Math.min(due, MAX_SENDS_PER_TICK); i++) {
                long intended = start + (long) (issued * nanosPerMessage);
                Client client = clients.get(next);
                next = next + 1 == clients.size() ? 0 : next + 1;
                if (client.connection.isOpen()) {
                    client.connection.write("messages.send", "{\"chatId\":" + client.chatId + ",\"randomId\":"
                            + client.nextRandomId++ + ",\"text\":\"b" + intended + "\"}");
                    client.connection.flush();
                    sent.increment();
                }
                issued++;
            }
        }
    }

    @Override
    public void onPush(WsConnection connection, String frame, long receivedNanos) {
        // Only the recipient's copy counts; the sender's own devices get the message too ("out":true).
        for (int at = frame.indexOf("\"out\":false"); at >= 0; at = frame.indexOf("\"out\":false", at + 1)) {
            long intended = textNanos(frame, at);
            if (intended > 0) {
                delivery.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, receivedNanos - intended) / 1000));
                delivered.increment();
            }
        }
    }

    @Override
    public void onReply(WsConnection connection, long id, String frame, long receivedNanos) {
        if (frame.contains("\"error\":")) {
            int at = frame.indexOf("\"code\":\"");
            String code = at < 0 ? "UNKNOWN" : frame.substring(at + 8, frame.indexOf('"', at + 8));
            errors.computeIfAbsent(code, _ -> new LongAdder()).increment();
            return;
        }
        long intended = textNanos(frame, 0);
        if (intended > 0) {
            ack.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, receivedNanos - intended) / 1000));
        }
        acked.increment();
    }

    /** The send time carried in the first {@code "text":"b…"} at or after {@code from}, or -1. */
    static long textNanos(String frame, int from) {
        int at = frame.indexOf(TEXT_MARK, from);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + TEXT_MARK.length(); i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public void close() {
        connections.forEach(WsConnection::close);
    }
}
