package dev.parley.bench.xmpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes one scenario result as pretty JSON under the results directory (git-ignored bench/results/). */
public final class ResultFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFile() {
    }

    public static Path write(Path directory, String scenario, String label, Map<String, Object> result) {
        String safeLabel = label.replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = directory.resolve("xmpp-" + scenario + "-" + safeLabel + "-" + STAMP.format(Instant.now()) + ".json");
        try {
            Files.createDirectories(directory);
            JSON.writeValue(file.toFile(), result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
