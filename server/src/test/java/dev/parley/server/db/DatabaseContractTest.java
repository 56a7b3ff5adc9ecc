package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.Await;
import dev.parley.server.testing.PostgresFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every dialect of {@link Database} promises the features, checked on a real SQLite file and a real PostgreSQL. */
class DatabaseContractTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    static Stream<Dialect> dialects() {
        return Stream.of(Dialect.SQLITE, Dialect.POSTGRESQL);
    }

    private Database open(Dialect dialect) {
        Database database = switch (dialect) {
            case SQLITE -> new SqliteDatabase(SqliteDatabase.Options.defaults(dir.resolve("contract.db")),
                    new SimpleMeterRegistry());
            case POSTGRESQL -> {
                PostgresFixture fixture = new PostgresFixture();
                opened.add(fixture);
                yield new PostgresDatabase(fixture.options(8), new SimpleMeterRegistry());
            }
        };
        opened.add(0, database);
        database.write(h -> h.execute("CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)"));
        database.write(h -> h.execute("CREATE TABLE events (name TEXT NOT NULL, value BIGINT NOT NULL, PRIMARY KEY (name, value))"));
        database.write(h -> h.execute("INSERT INTO counters (name, value) VALUES ('chat', 0)"));
        return database;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aWriteIsVisibleToReadsOnceItReturns(Dialect dialect) {
        Database database = open(dialect);

        database.write(h -> h.execute("UPDATE counters SET value = 41 WHERE name = 'chat'"));

        assertThat(scalar(database, "SELECT value FROM counters WHERE name = 'chat'")).isEqualTo(41L);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aFailingTransactionRollsBackAloneAndItsExceptionPropagates(Dialect dialect) {
        Database database = open(dialect);

        assertThatThrownBy(() -> database.write(h -> {
            h.execute("UPDATE counters SET value = 99 WHERE name = 'chat'");
            throw new IllegalStateException("business rule violated");
        })).isInstanceOf(IllegalStateException.class).hasMessage("business rule violated");
        database.write(h -> h.execute("INSERT INTO events (name, value) VALUES ('after', 1)"));

        assertThat(scalar(database, "SELECT value FROM counters WHERE name = 'chat'")).isZero();
        assertThat(scalar(database, "SELECT count(*) FROM events")).isEqualTo(1L);
    }

    /**
     * On SQLite, transactions that queue behind a busy writer share a batch, which first runs without savepoints: a
     * failure among them sends the batch down the savepoint path. Either way only the failing ones roll back.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void failingTransactionsAmongConcurrentOnesRollBackAloneAndTheOthersCommit(Dialect dialect) throws Exception {
        Database database = open(dialect);
        int writers = 40;
        CountDownLatch queued = new CountDownLatch(writers);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // Holds the writer until every other transaction has been submitted, so they tend to form one batch.
            Future<?> holder = pool.submit(() -> database.write(h -> {
                Await.latch(queued, Duration.ofSeconds(30), "the other writers submitted");
                return h.execute("INSERT INTO events (name, value) VALUES ('holder', 0)");
            }));
            for (int w = 1; w <= writers; w++) {
                int value = w;
                futures.add(pool.submit(() -> {
                    queued.countDown();
                    return database.write(h -> {
                        h.execute("INSERT INTO events (name, value) VALUES ('w', ?)", value);
                        if (value % 4 == 0) {
                            throw new IllegalStateException("rule " + value);
                        }
                        return value;
                    });
                }));
            }
            holder.get();
            int failed = 0;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("rule ");
                    failed++;
                }
            }
            assertThat(failed).isEqualTo(writers / 4);
        }

        Tx<List<Long>> query = h -> h.createQuery("SELECT value FROM events WHERE name = 'w' ORDER BY value")
                .mapTo(Long.class).list();
        assertThat(database.read(query)).containsExactlyElementsOf(
                LongStream.rangeClosed(1, writers).filter(v -> v % 4 != 0).boxed().toList());
    }

    /** Work queued for the batch's end commits with its transaction, and goes with it when the transaction fails. */
    @ParameterizedTest
    @MethodSource("dialects")
    void workQueuedForTheBatchEndCommitsOrRollsBackWithItsTransaction(Dialect dialect) {
        Database database = open(dialect);

        database.write(h -> {
            database.atBatchEnd(h, end -> end.execute("INSERT INTO events (name, value) VALUES ('end', 1)"));
            return h.execute("INSERT INTO events (name, value) VALUES ('tx', 1)");
        });
        assertThatThrownBy(() -> database.write(h -> {
            database.atBatchEnd(h, end -> end.execute("INSERT INTO events (name, value) VALUES ('end', 2)"));
            throw new IllegalStateException("business rule violated");
        })).hasMessage("business rule violated");

        Tx<List<String>> query = h -> h.createQuery("SELECT name || value FROM events ORDER BY name, value")
                .mapTo(String.class).list();
        assertThat(database.read(query)).containsExactly("end1", "tx1");
    }

    private static long scalar(Database database, String sql) {
        Tx<Long> query = h -> h.createQuery(sql).mapTo(Long.class).one();
        return database.read(query);
    }

    /** The sync model relies on this: a counter bumped with UPDATE … RETURNING never repeats or skips a value. */
    @ParameterizedTest
    @MethodSource("dialects")
    void concurrentCounterIncrementsAreContiguousAndUnique(Dialect dialect) throws Exception {
        Database database = open(dialect);
        int writers = 32;
        int perWriter = 50;

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        database.write(h -> {
                            long seq = h.createQuery("UPDATE counters SET value = value + 1 WHERE name = 'chat' RETURNING value")
                                    .mapTo(Long.class).one();
                            h.execute("INSERT INTO events (name, value) VALUES ('chat', ?)", seq);
                            return seq;
                        });
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        Tx<List<Long>> query = h -> h.createQuery("SELECT value FROM events ORDER BY value").mapTo(Long.class).list();
        List<Long> values = database.read(query);
        assertThat(values).containsExactlyElementsOf(
                LongStream.rangeClosed(1, writers * perWriter).boxed().toList());
    }
}
