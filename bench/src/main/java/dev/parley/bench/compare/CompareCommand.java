package dev.parley.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.bench.BenchMain;
import dev.parley.bench.xmpp.ProcessStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley bench compare}: Parley, then each peer with its archive on (durable) and off (its best case), one
 * after another on the same machine and the same load shape, each started and stopped by the scenario that loads
 * it. Every figure comes from the ordinary scenario commands ({@code messaging}, {@code idle}, {@code startup}), run
 * in this process with their {@code --target}; their result files stay next to the comparison's own.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Parley vs ejabberd and Prosody: one table of delivered msgs/s, latency, idle RSS, startup.")
public final class CompareCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--peers", split = ",", defaultValue = "ejabberd,prosody",
            description = "peers to compare with, in order (default: ${DEFAULT-VALUE}); empty for Parley only")
    List<String> peers;

    @Option(names = "--clients", defaultValue = "200", description = "messaging clients, even (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rates", split = ",", defaultValue = "25,50,100,200,400,800,1600,3200,6400,12800,25600",
            description = "the offered-rate ladder, msgs/s, the same for every server (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "unmeasured load at the first rate before the ladder (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--step-seconds", defaultValue = "4", description = "measured seconds per rate (default: ${DEFAULT-VALUE})")
    int stepSeconds;

    @Option(names = "--half-seconds", defaultValue = "6",
            description = "measured seconds at half the peak, where latency is read (default: ${DEFAULT-VALUE})")
    int halfSeconds;

    @Option(names = "--drain-seconds", defaultValue = "30",
            description = "longest wait for a step's backlog before the next (default: ${DEFAULT-VALUE})")
    int drainSeconds;

    @Option(names = "--idle-connections", defaultValue = "2000",
            description = "idle authenticated connections for RSS per connection (default: ${DEFAULT-VALUE}; ≤ 19,000)")
    int idleConnections;

    @Option(names = "--startup-runs", defaultValue = "3", description = "starts per server (default: ${DEFAULT-VALUE})")
    int startupRuns;

    @Option(names = "--aot", description = "also measure Parley's start with the JDK AOT cache (a training run more)")
    boolean aot;

    @Option(names = "--budget-minutes", defaultValue = "15",
            description = "skip what is left once this much time has passed (default: ${DEFAULT-VALUE})")
    int budgetMinutes;

    @Option(names = "--results", description = "directory for the JSON results (default: bench/results)")
    Path results;

    @Spec
    CommandSpec spec;

    /** One server configuration to measure: its row and which scenarios it runs, with what extra flags. */
    record Plan(Row row, List<String> targetArgs, List<Metric.Scenario> scenarios) {}

    @Override
    public Integer call() throws IOException {
        List<Plan> plans = plans();
        PrintWriter out = spec.commandLine().getOut();
        Instant started = Instant.now();
        Path base = results != null ? results : defaultResults();
        Path runDir = base.resolve("compare-" + STAMP.format(started));
        Files.createDirectories(runDir);
        long deadline = System.nanoTime() + Duration.ofMinutes(budgetMinutes).toNanos();
        double[] loadBefore = loadAverages();
        out.printf("parley bench compare: %s; %d cores, load average %.2f %.2f %.2f; budget %d min%n",
                plans.stream().map(p -> p.row().name).collect(Collectors.joining(", ")),
                ProcessStats.cores(), loadBefore[0], loadBefore[1], loadBefore[2], budgetMinutes);
        out.flush();
        for (Plan plan : plans) {
            for (Metric.Scenario scenario : plan.scenarios()) {
                runScenario(plan, scenario, runDir, deadline, out);
            }
        }
        CompareTable table = new CompareTable(plans.stream().map(Plan::row).toList());
        String markdown = table.markdown();
        double[] loadAfter = loadAverages();
        out.println();
        out.printf("parley bench compare, %s, %d cores, load average %.2f → %.2f (1 min), %.0f s%n",
                STAMP.format(started), ProcessStats.cores(), loadBefore[0], loadAfter[0],
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        out.print(markdown);
        out.println("ratio = the figure ÷ Parley's: above 1 is better for msgs/s, below 1 is better for the others;"
                + " — = not measured for that configuration (same process as the archive-on row)");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", "compare");
        result.put("startedAt", started.toString());
        result.put("finishedAt", Instant.now().toString());
        result.put("cores", ProcessStats.cores());
        result.put("loadAverageAtStart", List.of(loadBefore[0], loadBefore[1], loadBefore[2]));
        result.put("loadAverageAtEnd", List.of(loadAfter[0], loadAfter[1], loadAfter[2]));
        result.put("settings", settings());
        result.put("rows", table.toMaps());
        result.put("table", markdown);
        Path file = writeJson(base.resolve("compare-" + STAMP.format(started) + ".json"), result);
        out.println("results: " + file + " (each scenario's own under " + runDir + ")");
        out.flush();
        return 0;
    }

    /** Parley first (the ratios' base), then each peer with the archive on and off. */
    List<Plan> plans() {
        validate();
        List<Plan> plans = new ArrayList<>();
        plans.add(new Plan(new Row("Parley (SQLite, durable)", "parley", true), List.of("--target", "parley"),
                List.of(Metric.Scenario.MESSAGING, Metric.Scenario.IDLE, Metric.Scenario.STARTUP)));
        for (String peer : peers()) {
            String name = peer.equals("ejabberd") ? "ejabberd" : "Prosody";
            plans.add(new Plan(new Row(name + ", archive on (durable)", peer + "-archive-on", true),
                    List.of("--target", peer, "--archive", "on"),
                    List.of(Metric.Scenario.MESSAGING, Metric.Scenario.IDLE, Metric.Scenario.STARTUP)));
            // Idle memory and startup do not depend on the archive: measured once, with it on.
            plans.add(new Plan(new Row(name + ", archive off (not durable)", peer + "-archive-off", false),
                    List.of("--target", peer, "--archive", "off"), List.of(Metric.Scenario.MESSAGING)));
        }
        return plans;
    }

    /** The peers named, without the empty name that {@code --peers=} gives. */
    private List<String> peers() {
        return peers.stream().filter(peer -> !peer.isBlank()).toList();
    }

    private void validate() {
        for (String peer : peers()) {
            if (!peer.equals("ejabberd") && !peer.equals("prosody")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--peers takes ejabberd and/or prosody, not " + peer);
            }
        }
        if (clients < 2 || clients % 2 != 0 || idleConnections < 1 || idleConnections > 19_000 || startupRuns < 1
                || budgetMinutes < 1 || rates.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--clients must be even, --idle-connections 1–19,000, runs and budget positive");
        }
    }

    /** The scenario command line for one plan, writing its result into {@code dir}. */
    List<String> scenarioArgs(Plan plan, Metric.Scenario scenario, Path dir) {
        List<String> args = new ArrayList<>(List.of(scenario.command));
        args.addAll(plan.targetArgs());
        args.addAll(switch (scenario) {
            case MESSAGING -> List.of("--clients", Integer.toString(clients), "--rates",
                    rates.stream().map(String::valueOf).collect(Collectors.joining(",")),
                    "--jit-warmup-seconds", Integer.toString(warmupSeconds), "--warmup-seconds", "1",
                    "--step-seconds", Integer.toString(stepSeconds), "--half-seconds", Integer.toString(halfSeconds),
                    "--drain-seconds", Integer.toString(drainSeconds));
            case IDLE -> List.of("--steps", Integer.toString(idleConnections), "--settle-seconds", "3");
            case STARTUP -> plan.row().label.equals("parley") ? parleyStartupArgs(dir)
                    : List.of("--runs", Integer.toString(startupRuns));
        });
        args.addAll(List.of("--results", dir.toString()));
        return args;
    }

    /**
     * Parley starts as {@code ./parley server} starts it: with the class-data archive the launcher has the JVM write
     * on the first run and map on every later one (the scenario's first start, on an empty data directory, writes
     * it; the measured starts use it). {@code --aot} adds the JDK AOT cache runs.
     */
    private List<String> parleyStartupArgs(Path dir) {
        List<String> args = new ArrayList<>(List.of("--runs", Integer.toString(startupRuns),
                "--server-jvm-option=-XX:+AutoCreateSharedArchive",
                "--server-jvm-option=-XX:SharedArchiveFile=" + dir.resolve("parley-server.jsa")));
        if (!aot) {
            args.add("--no-aot");
        }
        return args;
    }

    private void runScenario(Plan plan, Metric.Scenario scenario, Path runDir, long deadline, PrintWriter out)
            throws IOException {
        Row row = plan.row();
        List<Metric> metrics = Stream.of(Metric.values()).filter(m -> m.scenario == scenario).toList();
        if (System.nanoTime() > deadline) {
            metrics.forEach(m -> row.missing(m, "skipped (budget)"));
            return;
        }
        Path dir = runDir.resolve(row.label + "-" + scenario.command);
        // Exists before the run: Parley's start writes its class-data archive there.
        Files.createDirectories(dir);
        List<String> args = scenarioArgs(plan, scenario, dir);
        out.printf("%n== %s: %s (./parley bench %s)%n", row.name, scenario.command, String.join(" ", args));
        out.flush();
        int exit = new CommandLine(new BenchMain()).execute(args.toArray(String[]::new));
        Path file = exit == 0 ? onlyJson(dir) : null;
        if (file == null) {
            metrics.forEach(m -> row.missing(m, "failed"));
            out.printf("== %s: %s failed (exit %d)%n", row.name, scenario.command, exit);
            return;
        }
        row.resultFile(scenario.command, file.toString());
        JsonNode result = new ObjectMapper().readTree(file.toFile());
        for (Metric metric : metrics) {
            OptionalDouble value = metric.read(result);
            if (value.isPresent()) {
                row.put(metric, value.getAsDouble());
            } else {
                row.missing(metric, "n/a");
            }
        }
    }

    private static Path onlyJson(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
            return json.size() == 1 ? json.getFirst() : null;
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("peers", peers());
        settings.put("clients", clients);
        settings.put("rates", rates);
        settings.put("warmupSeconds", warmupSeconds);
        settings.put("stepSeconds", stepSeconds);
        settings.put("halfSeconds", halfSeconds);
        settings.put("drainSeconds", drainSeconds);
        settings.put("idleConnections", idleConnections);
        settings.put("startupRuns", startupRuns);
        settings.put("aot", aot);
        settings.put("budgetMinutes", budgetMinutes);
        return settings;
    }

    static Path writeJson(Path file, Map<String, Object> result) {
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static double[] loadAverages() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2])};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path defaultResults() {
        String home = System.getProperty("parley.home");
        return home != null ? Path.of(home, "bench", "results") : Path.of("bench", "results");
    }
}
