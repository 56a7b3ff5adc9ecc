package dev.parley.crypto.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads the official MLS test vectors (mlswg/mls-implementations, copied into {@code ../shared/testdata/mls/}).
 * The folder comes from the {@code parley.shared} system property set by crypto/pom.xml; a missing folder or file
 * fails the test: conformance is never silently skipped.
 */
public final class TestVectors {
    public static final int SUITE = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TestVectors() {}

    public static Path folder() {
        String shared = System.getProperty("parley.shared");
        if (shared == null || shared.isBlank()) {
            throw new IllegalStateException("system property parley.shared is not set (crypto/pom.xml sets it)");
        }
        Path folder = Path.of(shared, "testdata", "mls");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("MLS test vectors missing: " + folder.toAbsolutePath()
                    + " (run with -Dparley.shared=<path to the shared folder>)");
        }
        return folder;
    }

    public static JsonNode load(String file) throws IOException {
        Path path = folder().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("MLS test vector file missing: " + path.toAbsolutePath());
        }
        return JSON.readTree(path.toFile());
    }

    /** The entries for our cipher suite; fails if there are none, so a filtered-out file cannot pass vacuously. */
    public static List<JsonNode> forSuite1(String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : load(file)) {
            if (entry.path("cipher_suite").asInt() == SUITE) {
                out.add(entry);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(file + " has no vectors for cipher suite " + SUITE);
        }
        return out;
    }

    public static byte[] hex(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new IllegalStateException("vector field missing");
        }
        return HEX.parseHex(node.asText());
    }

    public static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode() && !node.asText().isEmpty();
    }
}
