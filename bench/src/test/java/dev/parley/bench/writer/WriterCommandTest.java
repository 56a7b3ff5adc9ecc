package dev.parley.bench.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.BenchMain;
import dev.parley.server.db.SqliteDatabase.Synchronous;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WriterCommandTest {
    @TempDir
    Path temp;

    @Test
    void aOneSecondRunMeasuresCommitsPrintsTheTableAndWritesItsJsonReport() throws IOException {
        // given the writer benchmark narrowed to one scenario measured for one second
        Path results = temp.resolve("results");
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain()).setOut(new PrintWriter(output));

        // when it runs
        int exit = command.execute("writer", "--writers=4", "--synchronous=NORMAL", "--group-commit=true",
                "--jit-warmup=0", "--warmup=1", "--duration=1",
                "--dir=" + temp.resolve("db"), "--results-dir=" + results);

        // then it committed transactions, printed them, and left one JSON report with the same figures
        assertThat(exit).isZero();
        assertThat(output.toString()).contains("| NORMAL      | on           |       4 |");
        List<Path> files = list(results);
        assertThat(files).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                .matches("writer-\\d{8}T\\d{6}Z\\.json"));
        JsonNode run = new ObjectMapper().readTree(files.getFirst().toFile()).path("results").path(0);
        assertThat(run.path("writers").asInt()).isEqualTo(4);
        assertThat(run.path("commits").asLong()).isPositive();
        assertThat(run.path("commitsPerSecond").asDouble()).isPositive();
        assertThat(run.path("meanBatchSize").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(run.path("p99Micros").asDouble()).isGreaterThanOrEqualTo(run.path("p50Micros").asDouble());
        // and the throw-away database is gone
        assertThat(list(temp.resolve("db"))).isEmpty();
    }

    @Test
    void withoutGroupCommitEveryTransactionIsItsOwnCommit() {
        // given a benchmark run with group commit off and several writers competing
        WriterBenchmark benchmark = new WriterBenchmark(temp, Duration.ofSeconds(1), Duration.ofSeconds(1));

        // when it runs
        WriterResult result = benchmark.run(
                new Scenario(Synchronous.NORMAL, false, 8));

        // then no commit carried more than one transaction
        assertThat(result.commits()).isPositive();
        assertThat(result.meanBatchSize()).isEqualTo(1.0);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
