package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** The checkpoint the writer runs between batches when the {@link WalCheckpointer} asks for it. */
class GroupCommitWriterCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aRequestedCheckpointWaitsWhileTheQueueIsLongAndRunsOnceItIsShort() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // One transaction per batch, so the queue shortens by exactly one per batch.
        try (GroupCommitWriter writer = new GroupCommitWriter(walConnection(), 1, 1_024, true, 0, metrics)) {
            writer.submit(h -> h.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"));
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread blocker = Thread.ofVirtual().start(() -> writer.submit(h -> {
                started.countDown();
                Await.latch(release, Duration.ofSeconds(30), "the test releasing the blocked transaction");
                return null;
            }));
            Await.latch(started, Duration.ofSeconds(30), "the blocking transaction running on the writer");

            int waiting = GroupCommitWriter.CHECKPOINT_QUEUE_LIMIT + 72;
            // Checkpoints the writer had run when each queued transaction ran, in the writer's order.
            List<Long> checkpointsSeen = new ArrayList<>();
            List<Thread> submitters = new ArrayList<>();
            for (int i = 0; i < waiting; i++) {
                submitters.add(Thread.ofVirtual().start(() -> writer.submit(h -> {
                    checkpointsSeen.add(metrics.timer("parley.db.checkpoint.writer.duration").count());
                    return h.execute("INSERT INTO filler (data) VALUES (randomblob(100))");
                })));
            }
            Await.until(Duration.ofSeconds(30), "every transaction queued behind the blocked one",
                    () -> metrics.get("parley.db.writer.queue").gauge().value() == waiting);
            writer.checkpointBetweenBatches();
            assertThat(writer.checkpointPending()).isTrue();
            release.countDown();
            blocker.join();
            for (Thread submitter : submitters) {
                submitter.join();
            }

            // After the blocked batch the queue held `waiting`; after the k-th queued transaction, waiting - k. The
            // checkpoint runs after the first batch that leaves at most the limit behind it: the 72nd.
            assertThat(checkpointsSeen).hasSize(waiting);
            assertThat(checkpointsSeen.subList(0, 72)).as("while more than the limit waited").containsOnly(0L);
            assertThat(checkpointsSeen.subList(72, waiting)).as("once the queue was short").containsOnly(1L);
            assertThat(writer.checkpointPending()).isFalse();
        }
    }

    private Connection walConnection() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        return config.createConnection("jdbc:sqlite:" + dir.resolve("writer.db"));
    }
}
