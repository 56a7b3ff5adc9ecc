package dev.parley.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sync.Update;
import dev.parley.server.db.Database;
import dev.parley.server.testing.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pointer fan-out of a chat event into its members' logs, for a few members (row by row) and for more (one
 * statement for all): the same rows, pts and pushes either way. {@link UpdateLogPostgresTest} runs it on PostgreSQL.
 */
class UpdateLogTest {
    private static final long CHAT = 900;
    private static final long DATE = 1_700_000_000L;

    @TempDir
    Path dir;

    private final UpdateLog log = new UpdateLog();
    private Backend.Opened opened;

    Backend backend() {
        return Backend.SQLITE;
    }

    private Database database() {
        if (opened == null) {
            opened = backend().open(dir);
        }
        return opened.database();
    }

    @AfterEach
    void close() throws Exception {
        if (opened != null) {
            opened.database().close();
            opened.cleanup().close();
        }
    }

    @Test
    void aFewMembersEachGetTheirNextPtsOnceInIdOrder() {
        List<Long> members = List.of(30L, 10L, 30L, 20L);
        assertThat(members).hasSizeLessThanOrEqualTo(UpdateLog.ROW_BY_ROW_FANOUT);
        assertFanOut(members, List.of(10L, 20L, 30L));
    }

    @Test
    void manyMembersEachGetTheirNextPtsOnceInIdOrder() {
        List<Long> members = List.of(60L, 10L, 50L, 20L, 40L, 30L, 10L);
        assertThat(members).hasSizeGreaterThan(UpdateLog.ROW_BY_ROW_FANOUT);
        assertFanOut(members, List.of(10L, 20L, 30L, 40L, 50L, 60L));
    }

    /**
     * Members have logs of different lengths and the highest id has none yet; after the fan-out each distinct member
     * has exactly one new row, at their old head + 1 (1 for the new one), pointing at the event, and a push carrying it.
     */
    private void assertFanOut(List<Long> members, List<Long> distinctMembers) {
        Database database = database();
        long newcomer = distinctMembers.getLast();
        Map<Long, Long> headsBefore = new TreeMap<>();
        database.write(h -> {
            for (long user : distinctMembers) {
                if (user != newcomer) {
                    log.ensureUser(h, user);
                    long entries = user / 10;
                    log.append(h, DATE, LongStream.rangeClosed(1, entries)
                            .mapToObj(i -> new LogEntry(user, "chatTitle", CHAT, i, null,
                                    pts -> new Update.ChatTitle(CHAT, "old", pts)))
                            .toList());
                    headsBefore.put(user, entries);
                }
            }
            return null;
        });
        headsBefore.put(newcomer, 0L);

        List<Push> pushes = database.write(h -> log.appendPointer(h, DATE, members, "newMessage", CHAT, 77,
                (user, pts) -> new Update.ChatTitle(CHAT, "for " + user, pts)));

        assertThat(pushes).extracting(Push::userId).containsExactlyElementsOf(distinctMembers);
        for (Push push : pushes) {
            long expected = headsBefore.get(push.userId()) + 1;
            assertThat(push.batch().pts()).isEqualTo(expected);
            assertThat(push.batch().ptsCount()).isEqualTo(1);
            assertThat(push.batch().updates()).containsExactly(
                    new Update.ChatTitle(CHAT, "for " + push.userId(), expected));
        }
        database.read(h -> {
            for (long user : distinctMembers) {
                long expected = headsBefore.get(user) + 1;
                assertThat(log.head(h, user).pts()).isEqualTo(expected);
                assertThat(newRows(h, user)).containsExactly(new LogRow(user, expected, "newMessage", CHAT, 77L,
                        null, DATE));
            }
            return null;
        });
    }

    private List<LogRow> newRows(Handle h, long user) {
        return log.after(h, user, 0, 1_000).stream().filter(row -> row.kind().equals("newMessage")).toList();
    }
}
