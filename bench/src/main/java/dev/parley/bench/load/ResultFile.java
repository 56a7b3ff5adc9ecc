package dev.parley.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes a scenario's result as {@code <dir>/<scenario>-<UTC timestamp>.json} (bench/results/ is git-ignored). */
final class ResultFile {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ResultFile() {}

    static Path write(Path directory, String scenario, Map<String, Object> result) {
        Path file = directory.resolve(scenario + "-" + STAMP.format(Instant.now()) + ".json");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, Json.pretty(result) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
