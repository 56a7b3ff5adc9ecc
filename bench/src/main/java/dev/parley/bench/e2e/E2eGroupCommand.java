package dev.parley.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.crypto.mls.BcMlsEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley bench e2e-group}: an MLS group of {@code --members} devices, in-process, see the package doc. */
@Command(name = "e2e-group", mixinStandardHelpOptions = true,
        description = "E2E (MLS) group at N members, in-process: create + add all, join, one message, add, remove.")
public final class E2eGroupCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--members", defaultValue = "1000", description = "group size (default: ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--sample", defaultValue = "20",
            description = "members that join, decrypt and process commits individually timed (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--max-seconds", defaultValue = "900",
            description = "time bound: the other members join only if that fits in half of what is left"
                    + " (default: ${DEFAULT-VALUE})")
    int maxSeconds;

    @Option(names = "--results", description = "directory for the JSON result (default: bench/results)")
    Path results;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (members < 3 || members > 5000) {
            throw new IllegalArgumentException("--members must be 3–5000");
        }
        if (sample < 1 || maxSeconds < 1 || maxSeconds > 3600) {
            throw new IllegalArgumentException("--sample must be positive, --max-seconds 1–3600");
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", "e2e-group");
        result.put("startedAt", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.vm.version"));
        result.put("loadAverageAtStart", loadAverage());
        result.put("suite", "0x0001 MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (Bouncy Castle bcmls)");
        out.printf("parley bench e2e-group: %d members on %d cores, load average %s%n", members,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        out.flush();
        var benchmark = new E2eGroupBenchmark(new BcMlsEngine(new SecureRandom()), new SecureRandom(), line -> {
            out.println("  " + line);
            out.flush();
        });
        E2eGroupBenchmark.Result run = benchmark.run(members, sample, Duration.ofSeconds(maxSeconds));
        result.putAll(run.figures());
        result.put("loadAverageAtEnd", loadAverage());
        boolean consistent = run.authenticatorsAgree() && run.decryptedBy() == run.sampled()
                && run.memberEpochs().stream().allMatch(e -> e == run.creatorEpoch()) && run.removedSawRemoval();
        result.put("consistent", consistent);
        SummaryTable.print(out, run.figures());
        out.printf("every sampled member at epoch %d with the same epoch authenticator, decrypted the message,"
                + " removed member saw its removal: %s%n", run.creatorEpoch(), consistent);
        out.println("results: " + write(result));
        out.flush();
        return consistent ? 0 : 1;
    }

    private Path write(Map<String, Object> result) throws IOException {
        Path dir = results;
        if (dir == null) {
            String home = System.getProperty("parley.home");
            dir = home != null ? Path.of(home, "bench", "results") : Path.of("bench", "results");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("e2e-group-" + STAMP.format(Instant.now()) + ".json");
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result) + "\n");
        return file;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
