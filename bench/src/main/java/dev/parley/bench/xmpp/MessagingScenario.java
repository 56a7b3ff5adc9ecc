package dev.parley.bench.xmpp;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code messaging}: N logged-in clients in 1:1 pairs (client 2k talks to 2k+1 and back) send chat messages to
 * each other's bare JID at a fixed total rate for a bounded time. Each body carries the message's intended send
 * time, so the latency includes any lag of the generator itself (no coordinated omission). Reports the delivered
 * rate over the measured window, latency percentiles, losses and the CPU used by the generator and the server.
 */
public final class MessagingScenario {

    /** What to run; all bounds are explicit. */
    public record Settings(InetSocketAddress server, String domain, String usersPrefix, int clients, int rate,
            Duration duration, Duration warmup, Duration drain, int threads, long maxInFlight,
            OptionalLong serverPid) {
        public Settings {
            if (clients < 2 || clients % 2 != 0 || clients > 19_000) {
                throw new IllegalArgumentException("clients must be an even number in 2..19000, got " + clients);
            }
            if (rate < 1 || rate > 1_000_000) {
                throw new IllegalArgumentException("rate must be 1..1000000 messages/s, got " + rate);
            }
            if (duration.compareTo(warmup) <= 0 || duration.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("duration must exceed the warm-up and be at most one hour");
            }
            if (drain.isNegative() || drain.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("drain must be 0..5 minutes");
            }
        }
    }

    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Settings settings;
    private final Recorder latencyMicros = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder receivedInWindow = new LongAdder();
    private final AtomicBoolean fellBehind = new AtomicBoolean();
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private volatile long sendEndNanos = Long.MAX_VALUE;
    /** Tags this run's bodies, so messages a server stored offline during an earlier run are not counted. */
    private final String runId = Long.toString(System.nanoTime() & 0xffffff, 36);

    public MessagingScenario(Settings settings) {
        this.settings = settings;
    }

    public Map<String, Object> run() throws InterruptedException {
        try (Pairs pairs = Pairs.login(settings.server(), settings.domain(), settings.usersPrefix(),
                settings.clients(), settings.threads())) {
            return pairs.run(settings);
        }
    }

    /**
     * Logged-in clients in 1:1 pairs that several measured runs reuse (a rate ladder): logging in hundreds of clients
     * takes seconds on a slow server, and a fresh login per step would measure logins, not messages. Each run gets
     * its own {@link MessagingScenario} (its own run id, counters and histogram); inbound messages go to the latest.
     */
    public static final class Pairs implements AutoCloseable {
        private static final int LOGINS_IN_FLIGHT = 16;

        private final XmppTransport transport;
        private final List<XmppClient> clients;
        private final double loginSeconds;
        private final AtomicReference<MessagingScenario> current;

        private Pairs(XmppTransport transport, List<XmppClient> clients, double loginSeconds,
                AtomicReference<MessagingScenario> current) {
            this.transport = transport;
            this.clients = clients;
            this.loginSeconds = loginSeconds;
            this.current = current;
        }

        /**
         * Logs in users {@code <prefix>0 … <prefix>(clients-1)} (password = user name), {@value #LOGINS_IN_FLIGHT}
         * handshakes at once: ejabberd answered "not-authorized" to some of 100 concurrent logins on a loaded machine
         * (its SQLite user lookups time out), which says nothing about messaging.
         */
        public static Pairs login(InetSocketAddress server, String domain, String usersPrefix, int clients,
                int threads) throws InterruptedException {
            XmppTransport transport = new XmppTransport(threads);
            AtomicReference<MessagingScenario> current = new AtomicReference<>();
            try {
                List<XmppClient.Account> accounts = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    String user = usersPrefix + i;
                    accounts.add(new XmppClient.Account(user, user, domain, "bench"));
                }
                long loginStart = System.nanoTime();
                List<XmppClient> open = Logins.loginAll(transport, server, List.of(), accounts, LOGINS_IN_FLIGHT,
                        Math.max(60_000, clients * 100L), (client, message, received) -> {
                            MessagingScenario scenario = current.get();
                            if (scenario != null) {
                                scenario.onMessage(client, message, received);
                            }
                        });
                return new Pairs(transport, open, (System.nanoTime() - loginStart) / 1e9, current);
            } catch (RuntimeException | InterruptedException e) {
                transport.close();
                throw e;
            }
        }

        /** One measured run at {@code settings}' rate and duration; its server, domain and client count are ignored. */
        public Map<String, Object> run(Settings settings) throws InterruptedException {
            if (settings.clients() != clients.size()) {
                throw new IllegalArgumentException("these pairs hold " + clients.size() + " clients, not "
                        + settings.clients());
            }
            MessagingScenario scenario = new MessagingScenario(settings);
            current.set(scenario);
            return scenario.measure(clients, loginSeconds);
        }

        public double loginSeconds() {
            return loginSeconds;
        }

        /** Waits (at most {@code timeout}) until the latest run's messages have all arrived; whether they did. */
        public boolean awaitDrained(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            MessagingScenario scenario = current.get();
            while (scenario != null && scenario.received.sum() < scenario.sent.sum()) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return true;
        }

        @Override
        public void close() {
            clients.forEach(XmppClient::close);
            transport.close();
        }
    }

    private Map<String, Object> measure(List<XmppClient> clients, double loginSeconds) throws InterruptedException {
        Map<EventLoop, List<Integer>> byLoop = new LinkedHashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            byLoop.computeIfAbsent(clients.get(i).eventLoop(), l -> new ArrayList<>()).add(i);
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long end = start + settings.duration().toNanos();
        measureFromNanos = start + settings.warmup().toNanos();
        sendEndNanos = end;
        List<ScheduledFuture<?>> pacers = new ArrayList<>();
        for (Map.Entry<EventLoop, List<Integer>> e : byLoop.entrySet()) {
            double loopRate = (double) settings.rate() * e.getValue().size() / clients.size();
            Pacer pacer = new Pacer(clients, e.getValue(), loopRate, start, end);
            pacers.add(e.getKey().scheduleAtFixedRate(pacer, 0, 1, TimeUnit.MILLISECONDS));
        }
        long generatorCpu0 = 0;
        long serverCpu0 = 0;
        boolean measuring = false;
        long deadline = end + settings.drain().toNanos();
        // Bounded wait: until the send window closes, then until all is delivered or the drain time passes.
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFromNanos) {
                measuring = true;
                generatorCpu0 = ProcessStats.ownCpuNanos();
                serverCpu0 = settings.serverPid().isPresent() ? ProcessStats.cpuNanos(settings.serverPid().getAsLong()) : 0;
                latencyMicros.reset();
            }
            if (now >= end) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        long windowNanos = end - measureFromNanos;
        long generatorCpu = ProcessStats.ownCpuNanos() - generatorCpu0;
        long serverCpu = settings.serverPid().isPresent() ? ProcessStats.cpuNanos(settings.serverPid().getAsLong()) - serverCpu0 : -1;
        long deliveredInWindow = receivedInWindow.sum();
        pacers.forEach(p -> p.cancel(false));
        while (received.sum() < sent.sum() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        Histogram h = latencyMicros.getIntervalHistogram();
        long errors = clients.stream().mapToLong(XmppClient::errors).sum();
        long totalSent = sent.sum();
        long totalReceived = received.sum();
        double windowSeconds = windowNanos / 1e9;
        double deliveredPerSecond = deliveredInWindow / windowSeconds;
        boolean keptUp = !fellBehind.get() && totalReceived == totalSent && errors == 0
                && deliveredPerSecond >= 0.97 * settings.rate();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("clients", settings.clients());
        r.put("offeredRatePerSecond", settings.rate());
        r.put("durationSeconds", settings.duration().toSeconds());
        r.put("warmupSeconds", settings.warmup().toSeconds());
        r.put("loginSeconds", round(loginSeconds));
        r.put("sent", totalSent);
        r.put("delivered", totalReceived);
        r.put("lost", totalSent - totalReceived);
        r.put("errors", errors);
        r.put("fellBehind", fellBehind.get());
        r.put("deliveredPerSecond", round(deliveredPerSecond));
        r.put("keptUp", keptUp);
        r.put("latencyMs", Map.of(
                "count", h.getTotalCount(),
                "p50", ms(h.getValueAtPercentile(50)),
                "p90", ms(h.getValueAtPercentile(90)),
                "p99", ms(h.getValueAtPercentile(99)),
                "p999", ms(h.getValueAtPercentile(99.9)),
                "max", ms(h.getMaxValue())));
        r.put("generatorCpuCores", round(generatorCpu / (double) windowNanos));
        r.put("generatorCpuShareOfMachine", round(generatorCpu / (double) windowNanos / ProcessStats.cores()));
        if (settings.serverPid().isPresent()) {
            r.put("serverCpuCores", round(serverCpu / (double) windowNanos));
            r.put("serverRssKiB", ProcessStats.rssKiB(settings.serverPid().getAsLong()));
        }
        r.put("machineCores", ProcessStats.cores());
        r.put("loadAverage1mAtEnd", ProcessStats.loadAverage1m());
        return r;
    }

    private void onMessage(XmppClient client, XmlElement message, long receivedNanos) {
        String body = message.child("body").map(XmlElement::text).orElse("");
        int space = body.lastIndexOf(' ');
        if (space < 0 || !body.startsWith(runId) || body.charAt(runId.length()) != ' ') {
            return;
        }
        long intended = Long.parseLong(body, space + 1, body.length(), 10);
        received.increment();
        if (intended >= measureFromNanos) {
            latencyMicros.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, (receivedNanos - intended) / 1000)));
        }
        // Counted when sent within the window and delivered within it, so backlog from the warm-up cannot
        // inflate the rate above what was offered.
        if (intended >= measureFromNanos && receivedNanos <= sendEndNanos) {
            receivedInWindow.increment();
        }
    }

    /**
     * Sends this event loop's share of the rate: on each 1 ms tick, every message whose intended time has come,
     * round-robin over the loop's clients, then one flush per touched connection.
     */
    private final class Pacer implements Runnable {
        private final List<XmppClient> clients;
        private final List<Integer> mine;
        private final double rate;
        private final long start;
        private final long end;
        private final boolean[] dirty;
        private long count;

        Pacer(List<XmppClient> clients, List<Integer> mine, double rate, long start, long end) {
            this.clients = clients;
            this.mine = mine;
            this.rate = rate;
            this.start = start;
            this.end = end;
            this.dirty = new boolean[mine.size()];
        }

        @Override
        public void run() {
            long now = Math.min(System.nanoTime(), end);
            if (now < start) {
                return;
            }
            long due = (long) ((now - start) / 1e9 * rate);
            if (sent.sum() - received.sum() > settings.maxInFlight()) {
                // The server is not keeping up: stop adding load rather than buffering without bound.
                fellBehind.set(true);
                return;
            }
            while (count < due) {
                int slot = (int) (count % mine.size());
                int index = mine.get(slot);
                XmppClient from = clients.get(index);
                XmppClient to = clients.get(index ^ 1);
                long intended = start + (long) (count * 1e9 / rate);
                if (from.isReady()) {
                    from.write(Stanzas.chatMessage(to.account().bareJid(), Long.toString(count, 36),
                            runId + " " + count + " " + intended));
                    dirty[slot] = true;
                    sent.increment();
                }
                count++;
            }
            for (int i = 0; i < dirty.length; i++) {
                if (dirty[i]) {
                    clients.get(mine.get(i)).flush();
                    dirty[i] = false;
                }
            }
        }
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
