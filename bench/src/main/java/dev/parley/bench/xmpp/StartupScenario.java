package dev.parley.bench.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code startup}: runs a peer's start command and measures from process start to the first successful c2s
 * login (SASL, bind, presence), polling every few milliseconds; then runs the stop command. Repeated a few times
 * because the first run also warms the page cache.
 */
public final class StartupScenario {

    /** What to run; all bounds are explicit. */
    public record Settings(InetSocketAddress server, String domain, String user, List<String> startCommand,
            List<String> stopCommand, int runs, Duration timeout) {
        public Settings {
            startCommand = List.copyOf(startCommand);
            stopCommand = List.copyOf(stopCommand);
            if (startCommand.isEmpty() || stopCommand.isEmpty()) {
                throw new IllegalArgumentException("start and stop commands are required");
            }
            if (runs < 1 || runs > 20 || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
                throw new IllegalArgumentException("runs must be 1..20 and the timeout at most 2 minutes");
            }
        }
    }

    private static final long POLL_MILLIS = 5;

    private final Settings settings;

    public StartupScenario(Settings settings) {
        this.settings = settings;
    }

    public Map<String, Object> run() throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        XmppClient.Account account = new XmppClient.Account(settings.user(), settings.user(), settings.domain(), "startup");
        try (XmppTransport transport = new XmppTransport(1)) {
            for (int i = 0; i < settings.runs(); i++) {
                long t0 = System.nanoTime();
                Process start = launch(settings.startCommand());
                long deadline = t0 + settings.timeout().toNanos();
                double elapsed = -1;
                while (System.nanoTime() < deadline) {
                    if (tryLogin(transport, account)) {
                        elapsed = (System.nanoTime() - t0) / 1e6;
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                }
                start.waitFor(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                Process stop = launch(settings.stopCommand());
                if (!stop.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("stop command did not finish within 60 s");
                }
                if (elapsed < 0) {
                    throw new IllegalStateException("no successful login within " + settings.timeout());
                }
                millis.add(Math.round(elapsed * 10) / 10.0);
                System.out.printf("  run %d: first login after %.1f ms%n", i + 1, elapsed);
            }
        }
        List<Double> sorted = millis.stream().sorted().toList();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runsMs", millis);
        r.put("minMs", sorted.getFirst());
        r.put("medianMs", sorted.get(sorted.size() / 2));
        return r;
    }

    private boolean tryLogin(XmppTransport transport, XmppClient.Account account) throws InterruptedException {
        try {
            List<XmppClient> clients = Logins.loginAll(transport, settings.server(), List.of(), List.of(account), 1,
                    2_000, (c, m, t) -> { });
            clients.forEach(XmppClient::close);
            return true;
        } catch (Logins.LoginsFailed notYet) {
            // Refused connections and stream errors are expected while the server boots.
            return false;
        }
    }

    private static Process launch(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }
}
