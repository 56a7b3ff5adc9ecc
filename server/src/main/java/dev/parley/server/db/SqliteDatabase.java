package dev.parley.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Embedded SQLite in WAL mode: readers share a small pool, and every write goes through the {@link GroupCommitWriter}
 * so SQLite's single-writer rule never surfaces as SQLITE_BUSY and concurrent requests share fsyncs. The
 * {@link WalCheckpointer} copies the WAL back into the database file beside the writer, not inside its commits.
 */
public final class SqliteDatabase implements Database {
    private static final int CACHE_KIB = 32 * 1024;
    /**
     * WAL pages after which the writer's own commit copies the WAL back into the database file, when no background
     * checkpointer does it (SQLite's default: 1,000). A busy send path changes pages all over its indexes, so with
     * 1,000 pages nearly every page was copied back once per WAL frame written; with 8,000 (32 MB of WAL) a page changed
     * by many commits is copied back once, and the writer's peak rose from 5,100–5,500 to 6,400–7,000 sends/s
     * (docs/PERFORMANCE.md). The price: each checkpoint holds the writer longer, so at a moderate load the p99 rose
     * (57–67 ms to 83–114 ms at 4,000/s there), which the {@link WalCheckpointer} removes.
     */
    static final int WAL_AUTOCHECKPOINT_PAGES = 8_000;
    /**
     * With the {@link WalCheckpointer} running, the writer checkpoints on its own only past this many WAL pages
     * (128 MB), which bounds the WAL should the background thread fall behind or stop. Normally the WAL starts over
     * at about {@link WalCheckpointer#RESTART_AFTER_PAGES}, after a short checkpoint the background thread asks the
     * writer for; it can grow further while readers keep old snapshots of it open.
     */
    static final int WAL_BACKSTOP_PAGES = 32_000;

    private static final int READ_STATEMENT_CACHE_SIZE = 256;

    private final Map<Connection, StatementCache> readCaches = new ConcurrentHashMap<>();
    private final HikariDataSource readers;
    private final Jdbi readJdbi;
    private final GroupCommitWriter writer;
    private final Optional<WalCheckpointer> checkpointer;

    /** Durability knob: FULL fsyncs the WAL on every commit; NORMAL may lose the last commits on power loss. */
    public enum Synchronous { FULL, NORMAL }

    /**
     * {@code writerNice}: the writer thread's Linux nice value (see {@link GroupCommitWriter}); 0 leaves it alone.
     * {@code checkpointInterval}: how often the {@link WalCheckpointer} runs; zero leaves checkpoints to the writer.
     */
    public record Options(Path file, Synchronous synchronous, boolean groupCommit, int readPoolSize, int maxBatch,
            int writerNice, Duration checkpointInterval) {
        public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMillis(100);

        public Options {
            if (checkpointInterval.isNegative()) {
                throw new IllegalArgumentException("checkpoint interval must not be negative, was "
                        + checkpointInterval);
            }
        }

        public static Options defaults(Path file) {
            return new Options(file, Synchronous.FULL, true, 4, 1024, 0, DEFAULT_CHECKPOINT_INTERVAL);
        }

        public Options withSynchronous(Synchronous value) {
            return new Options(file, value, groupCommit, readPoolSize, maxBatch, writerNice, checkpointInterval);
        }

        public Options withGroupCommit(boolean value) {
            return new Options(file, synchronous, value, readPoolSize, maxBatch, writerNice, checkpointInterval);
        }

        public Options withWriterNice(int value) {
            return new Options(file, synchronous, groupCommit, readPoolSize, maxBatch, value, checkpointInterval);
        }

        public Options withCheckpointInterval(Duration value) {
            return new Options(file, synchronous, groupCommit, readPoolSize, maxBatch, writerNice, value);
        }

        boolean checkpointsInBackground() {
            return !checkpointInterval.isZero();
        }
    }

    public SqliteDatabase(Options options, MeterRegistry metrics) {
        try {
            Path parent = options.file().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteDataSource source = dataSource(options);
            Connection writeConnection = source.getConnection();
            Migrations.apply(source, Dialect.SQLITE);
            try (Statement statement = writeConnection.createStatement()) {
                statement.execute("PRAGMA wal_autocheckpoint = " + (options.checkpointsInBackground()
                        ? WAL_BACKSTOP_PAGES : WAL_AUTOCHECKPOINT_PAGES));
            }
            this.writer = new GroupCommitWriter(writeConnection, options.maxBatch(), 65_536, options.groupCommit(),
                    options.writerNice(), metrics);
            this.checkpointer = options.checkpointsInBackground()
                    ? Optional.of(new WalCheckpointer(source.getConnection(), options.checkpointInterval(), writer,
                            metrics))
                    : Optional.empty();
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(source);
            // Readers must never write: SQLite refuses writes on them (the open flag cannot be used with a pool).
            pool.setConnectionInitSql("PRAGMA query_only = 1");
            pool.setPoolName("parley-sqlite-read");
            pool.setMaximumPoolSize(options.readPoolSize());
            // Read connections live as long as the database, each with its own statement cache (below); a pool that
            // retired and replaced them would throw their caches away with them.
            pool.setMinimumIdle(options.readPoolSize());
            pool.setIdleTimeout(0);
            pool.setMaxLifetime(0);
            this.readers = new HikariDataSource(pool);
            this.readJdbi = Jdbi.create(readers);
            // Prepared statements cached per read connection, as on the writer: a catch-up page runs a few statements
            // per chat on it, and each was parsed and planned anew (docs/PERFORMANCE.md).
            this.readJdbi.setStatementBuilderFactory(connection -> readCaches.computeIfAbsent(physical(connection),
                    physical -> new StatementCache(physical, READ_STATEMENT_CACHE_SIZE)));
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open SQLite database " + options.file() + ": " + e.getMessage(), e);
        }
    }

    /** The pool hands out a new proxy per borrow; the cache belongs to the SQLite connection behind it. */
    private static Connection physical(Connection connection) {
        try {
            return connection.isWrapperFor(SQLiteConnection.class) ? connection.unwrap(SQLiteConnection.class)
                    : connection;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot unwrap a read connection", e);
        }
    }

    private static SQLiteDataSource dataSource(Options options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(options.synchronous() == Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        // Inside a transaction SQLite saves the original of each page that a savepoint or a multi-row statement first
        // changes to a statement journal. With temp files that journal was a disk file: most of the writer thread's
        // system calls (a pwrite per page) went there (docs/PERFORMANCE.md). In memory it is a copy; nothing in it
        // needs to survive a crash (the batch's changes are not committed yet).
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // Pages per connection (negative: KiB). SQLite's default 2 MB made the writer re-read index pages from the
        // OS page cache under load; the cache only fills with pages actually read.
        config.setCacheSize(-CACHE_KIB);
        // No store asks for generated keys; the driver would otherwise run a regex over every INSERT's text.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + options.file().toAbsolutePath());
        return source;
    }

    @Override
    public <T> T read(Tx<T> work) {
        return readJdbi.inTransaction(work::run);
    }

    @Override
    public <T> T write(Tx<T> work) {
        return writer.submit(work);
    }

    @Override
    public void atBatchEnd(Handle handle, Consumer<Handle> work) {
        writer.atBatchEnd(handle, work);
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public Jdbi jdbi() {
        return readJdbi;
    }

    @Override
    public void close() {
        checkpointer.ifPresent(WalCheckpointer::close);
        writer.close();
        readCaches.values().forEach(StatementCache::close);
        readers.close();
    }
}
