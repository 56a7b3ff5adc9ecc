package dev.parley.bench.load;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options and result bookkeeping every load scenario shares (a picocli mixin). */
public final class Common {
    @Option(names = "--threads", defaultValue = "1",
            description = "generator event-loop threads (default: ${DEFAULT-VALUE}; the server gets the rest)")
    int threads;

    @Option(names = "--source-addresses", defaultValue = "16",
            description = "connect from 127.0.0.1 … 127.0.0.N, per generator process (default: ${DEFAULT-VALUE})")
    int sourceAddresses;

    @Option(names = "--results", description = "directory for the JSON result (default: bench/results)")
    Path results;

    @Option(names = "--server-jvm-option", description = "extra JVM option for the server (repeatable)")
    List<String> serverJvmOptions = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    ServerProcess.Launch launch() {
        return ServerProcess.Launch.defaults().withJvmOptions(serverJvmOptions);
    }

    /** The first fields of every result: what ran, where, with which benchmark-only settings. */
    Map<String, Object> header(String scenario) {
        return header(scenario, launch());
    }

    /** The header of a run against an XMPP peer: no Parley launch settings apply. */
    Map<String, Object> peerHeader(String scenario, String label) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", scenario);
        result.put("target", label);
        result.put("startedAt", Instant.now().toString());
        result.put("machine", Proc.machine());
        result.put("generatorThreads", threads);
        result.put("sourceAddresses", sourceAddresses);
        out().printf("parley bench %s against %s on %s cores, load average %s%n", scenario, label,
                Runtime.getRuntime().availableProcessors(), ((Map<?, ?>) result.get("machine")).get("loadAverage"));
        out().flush();
        return result;
    }

    Map<String, Object> header(String scenario, ServerProcess.Launch launch) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", scenario);
        result.put("startedAt", Instant.now().toString());
        result.put("machine", Proc.machine());
        result.put("serverJvmOptions", launch.jvmOptions());
        result.put("benchmarkSettings", launch.environment());
        result.put("generatorThreads", threads);
        result.put("sourceAddresses", sourceAddresses);
        PrintWriter out = out();
        out.printf("parley bench %s on %s cores, load average %s%n", scenario, Runtime.getRuntime().availableProcessors(),
                ((Map<?, ?>) result.get("machine")).get("loadAverage"));
        out.printf("benchmark settings (not production): %s%n",
                launch.environment().isEmpty() ? "none, production defaults" : launch.environment());
        out.flush();
        return result;
    }

    void write(String scenario, Map<String, Object> result) {
        result.put("finishedAt", Instant.now().toString());
        result.put("loadAverageAtEnd", List.of(Proc.loadAverage()[0], Proc.loadAverage()[1]));
        Path file = ResultFile.write(resultsDirectory(), scenario, result);
        out().println("results: " + file);
        out().flush();
    }

    private Path resultsDirectory() {
        if (results != null) {
            return results;
        }
        String home = System.getProperty("parley.home");
        return home != null ? Path.of(home, "bench", "results") : Path.of("bench", "results");
    }
}
