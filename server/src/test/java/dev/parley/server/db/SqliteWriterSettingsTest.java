package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single SQLite writer's own settings, read back on the writer thread itself, and who checkpoints its WAL. */
class SqliteWriterSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theWriterThreadRunsAtTheConfiguredNiceValue() {
        // A positive value, which any process may set, so the test holds with or without CAP_SYS_NICE.
        try (SqliteDatabase database = open(SqliteDatabase.Options.defaults(dir.resolve("nice.db")).withWriterNice(5))) {
            int writerNice = database.write(h -> ThreadPriorityTest.currentNice());
            assertThat(writerNice).isEqualTo(5);
        }
    }

    @Test
    void withoutBackgroundCheckpointsTheWriterCheckpointsTheWalEveryEightThousandPages() {
        try (SqliteDatabase database = open(SqliteDatabase.Options.defaults(dir.resolve("wal.db"))
                .withCheckpointInterval(Duration.ZERO))) {
            assertThat(autocheckpointPages(database)).isEqualTo(SqliteDatabase.WAL_AUTOCHECKPOINT_PAGES).isEqualTo(8_000);
        }
    }

    @Test
    void withBackgroundCheckpointsTheWritersOwnThresholdIsOnlyABackstop() {
        try (SqliteDatabase database = open(SqliteDatabase.Options.defaults(dir.resolve("wal.db")))) {
            assertThat(autocheckpointPages(database)).isEqualTo(SqliteDatabase.WAL_BACKSTOP_PAGES).isEqualTo(32_000);
        }
    }

    @Test
    void theBackgroundCheckpointerCopiesCommittedPagesIntoTheDatabaseFileWhileTheWriterGoesOn() {
        Path file = dir.resolve("background.db");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SqliteDatabase database = new SqliteDatabase(SqliteDatabase.Options.defaults(file)
                .withCheckpointInterval(Duration.ofMillis(20)), metrics)) {
            long before = size(file);
            writeAboutTwoMegabytes(database);
            // Some 500 pages: far below the writer's own threshold, so only the background thread copies them.
            Await.until(Duration.ofSeconds(10), "the committed pages copied into the database file",
                    () -> size(file) >= before + 2_000_000);
            int rows = database.read(h -> h.createQuery("SELECT COUNT(*) FROM filler").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(200);
            assertThat(metrics.timer("parley.db.checkpoint.duration").count()).isPositive();
            assertThat(metrics.find("parley.db.wal.pages.copied").gauge().value()).isPositive();
        }
    }

    @Test
    void withoutBackgroundCheckpointsCommittedPagesStayInTheWalBelowTheThreshold() {
        Path file = dir.resolve("writer-only.db");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SqliteDatabase database = new SqliteDatabase(SqliteDatabase.Options.defaults(file)
                .withCheckpointInterval(Duration.ZERO), metrics)) {
            long before = size(file);
            writeAboutTwoMegabytes(database);
            // Only the writer could have copied them, inside the commits that have returned; no other thread exists.
            assertThat(metrics.find("parley.db.checkpoint.duration").timer()).as("no background checkpointer").isNull();
            assertThat(size(file)).isEqualTo(before);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAboutTwoMegabytes(SqliteDatabase database) {
        database.write(h -> h.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"));
        for (int batch = 0; batch < 4; batch++) {
            int first = batch * 50;
            database.write(h -> {
                for (int id = first; id < first + 50; id++) {
                    h.execute("INSERT INTO filler (id, data) VALUES (?, randomblob(10000))", id);
                }
                return null;
            });
        }
    }

    private static int autocheckpointPages(SqliteDatabase database) {
        return database.write(h -> h.createQuery("PRAGMA wal_autocheckpoint").mapTo(Integer.class).one());
    }

    private static SqliteDatabase open(SqliteDatabase.Options options) {
        return new SqliteDatabase(options, new SimpleMeterRegistry());
    }
}
