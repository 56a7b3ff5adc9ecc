package dev.parley.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.BenchMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The e2e-group scenario at 20 members with the real Bouncy Castle engine, through the bench entry point. */
class E2eGroupCommandTest {

    @Test
    void twentyMembersEndAtTheSameEpochAndAllDecryptTheMessage(@TempDir Path results) throws Exception {
        var out = new StringWriter();
        var command = new CommandLine(new BenchMain()).setOut(new PrintWriter(out));

        int exit = command.execute("e2e-group", "--members", "20", "--results", results.toString());

        assertThat(exit).as(out.toString()).isZero();
        // Epoch 1 after adding everyone, 2 after the add, 3 after the remove; all 19 members sampled.
        assertThat(out.toString())
                .contains("every sampled member at epoch 3 with the same epoch authenticator, decrypted the message,"
                        + " removed member saw its removal: true")
                .contains("join from Welcome, per member (19)")
                .contains("remove one: process, per member");
        try (Stream<Path> files = Files.list(results)) {
            Path json = files.filter(p -> p.getFileName().toString().startsWith("e2e-group-")).findFirst()
                    .orElseThrow();
            assertThat(Files.readString(json)).contains("\"members\" : 20").contains("\"decryptedBy\" : 19")
                    .contains("\"consistent\" : true");
        }
    }
}
