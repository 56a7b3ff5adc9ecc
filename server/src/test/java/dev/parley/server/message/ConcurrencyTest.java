package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.message.Message;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races that a single SQLite writer cannot have but concurrent PostgreSQL transactions (one node's pool, or several
 * nodes) can: duplicate sends racing on their random id, and read receipts racing with new messages on the unread
 * count. Both dialects must give the answer of some serial order.
 */
class ConcurrencyTest {
    @TempDir
    Path dir;

    private MessagingFixture m;
    private long alice;
    private long bob;
    private long group;

    /** The dialect these specs run on; {@link ConcurrencyPostgresTest} runs them on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeEach
    void setUp() {
        m = new MessagingFixture(backend(), dir);
        alice = m.user("alice");
        bob = m.user("bobby");
        group = m.chats.createGroup(alice, "race", List.of(bob)).chat().chatId();
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void eightConcurrentSendsWithOneRandomIdStoreOneMessageAndAllReturnIt() throws Exception {
        // Given eight retries of one send released at the same moment
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Message>> sends = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                sends.add(pool.submit(() -> {
                    go.await();
                    return m.messages.send(alice, group, "once", 42, null, List.of()).message();
                }));
            }
            // When they race
            go.countDown();
            // Then all of them answer with the same message, stored once
            List<Long> ids = new ArrayList<>();
            for (Future<Message> send : sends) {
                ids.add(send.get().id());
            }
            assertThat(ids).containsOnly(ids.getFirst());
        }
        assertThat(m.count("SELECT COUNT(*) FROM messages WHERE chat_id = ?", group)).isEqualTo(1);
    }

    @Test
    void readReceiptsRacingWithNewMessagesNeverLoseAnUnreadMessage() throws Exception {
        // Given alice sending 40 messages while bob keeps marking what he has seen as read
        List<Long> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> sender = pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    sent.add(m.messages.send(alice, group, "m" + i, 100 + i, null, List.of()).message().id());
                }
                return null;
            });
            Future<?> reader = pool.submit(() -> {
                while (!sender.isDone()) {
                    if (!sent.isEmpty()) {
                        m.messages.readHistory(bob, group, sent.get(sent.size() / 2));
                    }
                }
                return null;
            });
            sender.get();
            reader.get();
        }

        // Then his unread count is exactly the messages after his read pointer
        var dialog = m.history.getDialogs(bob, 0, 10).dialogs().stream().filter(d -> d.chat().chatId() == group)
                .findFirst().orElseThrow();
        long readUpTo = dialog.readInboxMaxId();
        assertThat(dialog.unreadCount()).isEqualTo(sent.stream().filter(id -> id > readUpTo).count());
    }
}
