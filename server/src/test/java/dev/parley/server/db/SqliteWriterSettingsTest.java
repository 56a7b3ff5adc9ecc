package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single SQLite writer's own settings, read back on the writer thread itself, and who checkpoints its WAL. */
class SqliteWriterSettingsTest {
    private static final int WAL_HEADER_BYTES = 32;
    private static final int FRAME_HEADER_BYTES = 24;
    private static final int PAGE_BYTES = 4096;

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

    @Test
    void underContinuousWritesTheWalStartsOverLongBeforeTheWritersBackstop() throws InterruptedException {
        Path file = dir.resolve("restart.db");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SqliteDatabase database = new SqliteDatabase(SqliteDatabase.Options.defaults(file)
                .withCheckpointInterval(Duration.ofMillis(20)), metrics)) {
            database.write(h -> h.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"));
            // Several submitters keep the writer busy, so the background passes alone seldom find the WAL copied to
            // its end before the next commit; the writer's own short checkpoint is what this waits for.
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Thread> submitters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                submitters.add(Thread.ofVirtual().start(() -> {
                    while (writing.get()) {
                        database.write(h -> h.execute("INSERT INTO filler (data) VALUES (randomblob(3000))"));
                    }
                }));
            }
            try {
                // Read once the writes are under way: while idle, a background pass alone may let the WAL start over.
                Await.until(Duration.ofSeconds(60), "a WAL of 2,000 frames", () -> walFrames(file) > 2_000);
                long firstCheckpointSequence = walCheckpointSequence(file);
                Await.until(Duration.ofSeconds(60), "a checkpoint finished by the writer, then a new WAL generation",
                        () -> metrics.timer("parley.db.checkpoint.writer.duration").count() > 0
                                && walCheckpointSequence(file) > firstCheckpointSequence);
            } finally {
                writing.set(false);
                for (Thread submitter : submitters) {
                    submitter.join();
                }
            }
            // SQLite reuses the WAL file from its start without shrinking it: its length is the most it ever held.
            assertThat(walFrames(file))
                    .as("the WAL passed the restart threshold, then started over before the backstop")
                    .isGreaterThan(WalCheckpointer.RESTART_AFTER_PAGES)
                    .isLessThan(SqliteDatabase.WAL_BACKSTOP_PAGES);
        }
    }

    /** Frames the WAL file has room for. */
    private static long walFrames(Path database) {
        return (size(Path.of(database + "-wal")) - WAL_HEADER_BYTES) / (PAGE_BYTES + FRAME_HEADER_BYTES);
    }

    /**
     * The WAL header's checkpoint sequence number (bytes 12–15, big-endian): SQLite adds one each time the WAL starts
     * over.
     */
    private static long walCheckpointSequence(Path database) {
        try (FileChannel wal = FileChannel.open(Path.of(database + "-wal"))) {
            ByteBuffer header = ByteBuffer.allocate(16);
            if (wal.read(header, 0) < header.capacity()) {
                throw new IllegalStateException("the WAL is shorter than its header");
            }
            return Integer.toUnsignedLong(header.getInt(12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
