package dev.parley.bench.xmpp;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * XMPP load generator entry point: {@code messaging}, {@code idle} and {@code startup} against ejabberd or Prosody
 * started by the scripts in {@code bench/peers/}. Prints a human summary and writes JSON to the results directory.
 */
@Command(name = "xmpp", mixinStandardHelpOptions = true,
        description = "XMPP load generator for the peer comparison (ejabberd, Prosody).",
        subcommands = {XmppBench.Messaging.class, XmppBench.Idle.class, XmppBench.Startup.class})
public final class XmppBench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new XmppBench()).execute(args));
    }

    /** Options every scenario shares. */
    public static final class Target {
        @Option(names = "--server-host", defaultValue = "127.0.0.1", description = "Server address (loopback only).")
        String host;
        @Option(names = "--port", required = true, description = "c2s port (ejabberd 15222, Prosody 25222 in bench/peers).")
        int port;
        @Option(names = "--domain", defaultValue = "bench.local", description = "XMPP domain of the users.")
        String domain;
        @Option(names = "--users-prefix", defaultValue = "bench", description = "Users are <prefix>0 … <prefix>N-1, password = user name.")
        String usersPrefix;
        @Option(names = "--label", defaultValue = "xmpp", description = "Names the run in the summary and the JSON file, e.g. ejabberd-archive-on.")
        String label;
        @Option(names = "--results-dir", defaultValue = "bench/results", description = "Where the JSON result goes.")
        Path resultsDir;

        InetSocketAddress server() {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("--server-host must be a loopback address: " + host);
            }
            return address;
        }
    }

    @Command(name = "messaging", mixinStandardHelpOptions = true,
            description = "N clients in 1:1 pairs at a fixed total rate; send→receipt latency and delivered msgs/s.")
    static final class Messaging implements Callable<Integer> {
        @Mixin Target target;
        @Option(names = "--clients", defaultValue = "200", description = "Even number of clients (pairs = clients/2).")
        int clients;
        @Option(names = "--rate", defaultValue = "1000", description = "Total messages per second offered.")
        int rate;
        @Option(names = "--duration", defaultValue = "20", description = "Send window in seconds.")
        int durationSeconds;
        @Option(names = "--warmup", defaultValue = "3", description = "Seconds at the start of the window left out of the figures.")
        int warmupSeconds;
        @Option(names = "--drain", defaultValue = "5", description = "Seconds to wait for in-flight messages after the window.")
        int drainSeconds;
        @Option(names = "--threads", defaultValue = "1", description = "Generator event-loop threads.")
        int threads;
        @Option(names = "--max-in-flight", defaultValue = "100000", description = "Stop sending when this many messages are undelivered.")
        long maxInFlight;
        @Option(names = "--server-pid-file", description = "PID file of the server, for its CPU and RSS.")
        Path serverPidFile;

        @Override
        public Integer call() throws Exception {
            OptionalLong pid = serverPidFile == null ? OptionalLong.empty() : OptionalLong.of(ProcessStats.readPidFile(serverPidFile));
            MessagingScenario.Settings s = new MessagingScenario.Settings(target.server(), target.domain,
                    target.usersPrefix, clients, rate, Duration.ofSeconds(durationSeconds),
                    Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(drainSeconds), threads, maxInFlight, pid);
            Map<String, Object> r = new MessagingScenario(s).run();
            @SuppressWarnings("unchecked")
            Map<String, Object> latency = (Map<String, Object>) r.get("latencyMs");
            System.out.printf("%s messaging: offered %d/s, delivered %.0f/s, kept up: %s, lost %d, errors %d%n"
                    + "  latency ms p50 %s p99 %s p99.9 %s max %s; generator CPU %.2f cores, server CPU %s cores%n",
                    target.label, rate, (double) r.get("deliveredPerSecond"), r.get("keptUp"), (long) r.get("lost"),
                    (long) r.get("errors"), latency.get("p50"), latency.get("p99"), latency.get("p999"),
                    latency.get("max"), (double) r.get("generatorCpuCores"), r.getOrDefault("serverCpuCores", "?"));
            System.out.println("  → " + ResultFile.write(target.resultsDir, "messaging", target.label, r));
            return (boolean) r.get("keptUp") ? 0 : 3;
        }
    }

    @Command(name = "idle", mixinStandardHelpOptions = true,
            description = "N logged-in idle connections; server RSS and kernel socket memory per connection.")
    static final class Idle implements Callable<Integer> {
        @Mixin Target target;
        @Option(names = "--clients", defaultValue = "5000", description = "Connections at the last step (≤ 19000).")
        int clients;
        @Option(names = "--steps", split = ",", description = "Connection counts to measure at, increasing (default 1000 and --clients).")
        List<Integer> steps;
        @Option(names = "--source-addresses", defaultValue = "4", description = "Spread connections over 127.0.0.1 … 127.0.0.N.")
        int sourceAddresses;
        @Option(names = "--settle", defaultValue = "5", description = "Seconds to wait after each step before reading memory.")
        int settleSeconds;
        @Option(names = "--login-concurrency", defaultValue = "64", description = "Logins in flight at once.")
        int loginConcurrency;
        @Option(names = "--threads", defaultValue = "1", description = "Generator event-loop threads.")
        int threads;
        @Option(names = "--server-pid-file", required = true, description = "PID file of the server (written by start.sh).")
        Path serverPidFile;

        @Override
        public Integer call() throws Exception {
            List<Integer> levels = steps != null ? steps
                    : clients > 1000 ? List.of(1000, clients) : List.of(clients);
            IdleScenario.Settings s = new IdleScenario.Settings(target.server(), target.domain, target.usersPrefix,
                    levels, sourceAddresses, settleSeconds * 1000L, loginConcurrency, threads,
                    ProcessStats.readPidFile(serverPidFile));
            System.out.println(target.label + " idle:");
            Map<String, Object> r = new IdleScenario(s).run();
            System.out.println("  → " + ResultFile.write(target.resultsDir, "idle", target.label, r));
            return 0;
        }
    }

    @Command(name = "startup", mixinStandardHelpOptions = true,
            description = "Process start → first successful c2s login, using the peer's start/stop scripts.")
    static final class Startup implements Callable<Integer> {
        @Mixin Target target;
        @Option(names = "--start-command", required = true, description = "Start command, space-separated (e.g. 'bench/peers/prosody/start.sh --no-wait').")
        String startCommand;
        @Option(names = "--stop-command", required = true, description = "Stop command, space-separated.")
        String stopCommand;
        @Option(names = "--runs", defaultValue = "3", description = "Repetitions.")
        int runs;
        @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for the first login.")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            StartupScenario.Settings s = new StartupScenario.Settings(target.server(), target.domain,
                    target.usersPrefix + "0", Arrays.asList(startCommand.trim().split("\\s+")),
                    Arrays.asList(stopCommand.trim().split("\\s+")), runs, Duration.ofSeconds(timeoutSeconds));
            System.out.println(target.label + " startup:");
            Map<String, Object> r = new StartupScenario(s).run();
            System.out.printf("  median %.1f ms, min %.1f ms%n", (double) r.get("medianMs"), (double) r.get("minMs"));
            System.out.println("  → " + ResultFile.write(target.resultsDir, "startup", target.label, r));
            return 0;
        }
    }
}
