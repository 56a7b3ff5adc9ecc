package dev.parley.bench.xmpp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code idle}: logs in N idle clients in steps (e.g. 1,000 then 5,000) from several 127.0.0.x source addresses
 * and, after each step has settled, reports the server's RSS and the kernel's TCP socket memory per connection,
 * each with the 0-connection baseline subtracted.
 */
public final class IdleScenario {

    /** What to run; all bounds are explicit. */
    public record Settings(InetSocketAddress server, String domain, String usersPrefix, List<Integer> steps,
            int sourceAddresses, long settleMillis, int loginConcurrency, int threads, long serverPid) {
        public Settings {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("at least one step is needed");
            }
            int previous = 0;
            for (int s : steps) {
                // A process may hold at most 20,000 open files here; keep room for the JVM's own.
                if (s <= previous || s > 19_000) {
                    throw new IllegalArgumentException("steps must increase and stay within 1..19000: " + steps);
                }
                previous = s;
            }
            if (sourceAddresses < 1 || sourceAddresses > 250) {
                throw new IllegalArgumentException("source addresses must be 1..250");
            }
            if (settleMillis < 0 || settleMillis > 60_000 || loginConcurrency < 1 || loginConcurrency > 5_000) {
                throw new IllegalArgumentException("settle must be 0..60 s and login concurrency 1..5000");
            }
        }
    }

    private final Settings settings;

    public IdleScenario(Settings settings) {
        this.settings = settings;
    }

    public Map<String, Object> run() throws InterruptedException {
        List<InetSocketAddress> sources = new ArrayList<>();
        for (int i = 0; i < settings.sourceAddresses(); i++) {
            sources.add(new InetSocketAddress(loopback(i + 1), 0));
        }
        long pid = settings.serverPid();
        long baseRss = ProcessStats.rssKiB(pid);
        long baseSock = ProcessStats.tcpSocketMemoryKiB();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<XmppClient> open = new ArrayList<>();
        try (XmppTransport transport = new XmppTransport(settings.threads())) {
            try {
                for (int target : settings.steps()) {
                    List<XmppClient.Account> batch = new ArrayList<>();
                    for (int i = open.size(); i < target; i++) {
                        String user = settings.usersPrefix() + i;
                        batch.add(new XmppClient.Account(user, user, settings.domain(), "idle"));
                    }
                    long t0 = System.nanoTime();
                    open.addAll(Logins.loginAll(transport, settings.server(), sources, batch,
                            settings.loginConcurrency(), 300_000, (c, m, t) -> { }));
                    double loginSeconds = (System.nanoTime() - t0) / 1e9;
                    // Let the server finish post-login work (presence, timers, GC) before reading its memory.
                    TimeUnit.MILLISECONDS.sleep(settings.settleMillis());
                    long alive = open.stream().filter(XmppClient::isReady).count();
                    long rss = ProcessStats.rssKiB(pid);
                    long sock = ProcessStats.tcpSocketMemoryKiB();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("connections", target);
                    row.put("alive", alive);
                    row.put("loginSeconds", round(loginSeconds));
                    row.put("loginsPerSecond", round(batch.size() / loginSeconds));
                    row.put("serverRssKiB", rss);
                    row.put("serverRssPerConnectionKiB", round((rss - baseRss) / (double) target));
                    row.put("tcpSocketMemoryKiB", sock);
                    row.put("tcpSocketMemoryPerConnectionKiB", round((sock - baseSock) / (double) target));
                    rows.add(row);
                    System.out.printf("  %,6d connections: server RSS %,d KiB (%.1f KiB/conn over baseline), "
                            + "TCP socket memory %.2f KiB/conn, login %.1f s%n", target, rss,
                            (rss - baseRss) / (double) target, (sock - baseSock) / (double) target, loginSeconds);
                }
            } finally {
                open.forEach(XmppClient::close);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("baselineServerRssKiB", baseRss);
        r.put("baselineTcpSocketMemoryKiB", baseSock);
        r.put("sourceAddresses", settings.sourceAddresses());
        r.put("steps", rows);
        r.put("loadAverage1mAtEnd", ProcessStats.loadAverage1m());
        return r;
    }

    private static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address cannot be unknown", e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
