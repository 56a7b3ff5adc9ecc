package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single SQLite writer's own settings, read back on the writer thread itself. */
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
    void theWriterCheckpointsTheWalEveryEightThousandPages() {
        try (SqliteDatabase database = open(SqliteDatabase.Options.defaults(dir.resolve("wal.db")))) {
            int pages = database.write(h -> h.createQuery("PRAGMA wal_autocheckpoint").mapTo(Integer.class).one());
            assertThat(pages).isEqualTo(SqliteDatabase.WAL_AUTOCHECKPOINT_PAGES).isEqualTo(8_000);
        }
    }

    private static SqliteDatabase open(SqliteDatabase.Options options) {
        return new SqliteDatabase(options, new SimpleMeterRegistry());
    }
}
