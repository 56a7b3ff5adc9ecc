package dev.parley.server.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.sync.SyncMethods.Difference;
import dev.parley.protocol.sync.Update;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync model (DESIGN §5) through the services on a real SQLite file. */
class SyncFlowTest {
    @TempDir
    Path dir;

    private MessagingFixture m;

    /** The dialect these specs run on; the {@code …PostgresTest} subclass runs them all on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    @Test
    void aMessageIsLoggedForBothSidesAndIsOutgoingOnlyForTheSender() {
        m = new MessagingFixture(backend(), dir);
        long alice = m.user("alice"), bob = m.user("bobby");
        long chat = m.chats.createPrivate(alice, bob).chatId();

        Sent sent = m.messages.send(alice, chat, "hello", 7, null, List.of());

        Difference aliceLog = m.sync.getDifference(alice, 0, 100);
        Difference bobLog = m.sync.getDifference(bob, 0, 100);
        assertThat(aliceLog.updates()).singleElement().isInstanceOfSatisfying(Update.NewMessage.class, u -> {
            assertThat(u.message().out()).isTrue();
            assertThat(u.pts()).isEqualTo(sent.pts());
        });
        assertThat(bobLog.updates()).singleElement().isInstanceOfSatisfying(Update.NewMessage.class, u -> {
            assertThat(u.message().out()).isFalse();
            assertThat(u.message().text()).isEqualTo("hello");
        });
        assertThat(aliceLog.isFinal()).isTrue();
        assertThat(m.sync.getState(bob).pts()).isEqualTo(1);
    }

    @Test
    void eachPushIsExactlyWhatTheDifferenceRendersForTheSamePts() {
        m = new MessagingFixture(backend(), dir);
        long alice = m.user("alice"), bob = m.user("bobby");
        long group = m.chats.createGroup(alice, "team", List.of(bob)).chat().chatId();
        Sent sent = m.messages.send(alice, group, "one", 1, null, List.of());
        m.messages.edit(alice, group, sent.message().id(), "one!", List.of());
        m.messages.readHistory(bob, group, sent.message().id());
        m.chats.editTitle(alice, group, "team two");
        m.messages.delete(alice, group, List.of(sent.message().id()), true);

        for (long user : List.of(alice, bob)) {
            List<Object> pushed = new ArrayList<>();
            long pts = 0;
            for (Push push : m.bus.of(user)) {
                assertThat(push.batch().pts() - push.batch().ptsCount()).as("no gap").isEqualTo(pts);
                pts = push.batch().pts();
                pushed.addAll(push.batch().updates());
            }
            Difference difference = m.sync.getDifference(user, 0, 1000);
            assertThat(difference.state().pts()).isEqualTo(pts);
            // The log renders current state, so compare kinds and pts; content equality holds for non-message kinds.
            assertThat(difference.updates()).extracting(Update::ptsOf)
                    .isEqualTo(pushed.stream().map(u -> ((Update) u).ptsOf()).toList());
            assertThat(difference.updates()).extracting(u -> u.getClass().getSimpleName())
                    .isEqualTo(pushed.stream().map(u -> u.getClass().getSimpleName()).toList());
        }
    }

    @Test
    void sendingTheSameRandomIdTwiceReturnsTheOriginalMessage() {
        m = new MessagingFixture(backend(), dir);
        long alice = m.user("alice"), bob = m.user("bobby");
        long chat = m.chats.createPrivate(alice, bob).chatId();

        Sent first = m.messages.send(alice, chat, "once", 42, null, List.of());
        Sent again = m.messages.send(alice, chat, "once", 42, null, List.of());

        assertThat(again).isEqualTo(first);
        assertThat(m.count("SELECT COUNT(*) FROM messages")).isEqualTo(1);
        assertThat(m.sync.getDifference(bob, 0, 100).updates()).hasSize(1);
        assertThatThrownBy(() -> m.messages.send(alice, m.chats.createGroup(alice, "g", List.of()).chat().chatId(),
                "elsewhere", 42, null, List.of()))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RANDOM_ID_DUPLICATE));
    }

    @Test
    void aClientOfflineDuringManyUpdatesCatchesUpInPagesWithNoGapOrDuplicate() {
        m = new MessagingFixture(backend(), dir);
        long alice = m.user("alice"), bob = m.user("bobby");
        long chat = m.chats.createPrivate(alice, bob).chatId();
        for (int i = 1; i <= 1200; i++) {
            m.messages.send(alice, chat, "m" + i, i, null, List.of());
        }

        List<Long> seen = new ArrayList<>();
        long pts = 0;
        int pages = 0;
        Difference page;
        do {
            page = m.sync.getDifference(bob, pts, 250);
            page.updates().forEach(u -> seen.add(u.ptsOf()));
            pts = page.state().pts();
            pages++;
        } while (!page.isFinal());

        assertThat(pages).isEqualTo(5);
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 1200).boxed().toList());
        assertThat(m.sync.getDifference(bob, pts, 1000).updates()).isEmpty();
    }

    @Test
    void aClientBehindTheTrimmedLogIsToldToResync() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        m = new MessagingFixture(backend(), dir, SyncSettings.defaults().withLog(Duration.ofDays(30), 10), clock);
        long alice = m.user("alice"), bob = m.user("bobby");
        long chat = m.chats.createPrivate(alice, bob).chatId();
        for (int i = 1; i <= 25; i++) {
            m.messages.send(alice, chat, "m" + i, i, null, List.of());
        }

        m.sync.trim();

        assertThat(m.count("SELECT COUNT(*) FROM update_log WHERE user_id = ?", bob)).isEqualTo(10);
        assertThat(m.sync.getDifference(bob, 3, 100).tooLong()).isTrue();
        assertThat(m.sync.getDifference(bob, 3, 100).state().pts()).isEqualTo(25);
        assertThat(m.sync.getDifference(bob, 15, 100).updates()).hasSize(10);
        assertThat(m.sync.getDifference(bob, 99, 100).tooLong()).as("a pts from the future").isTrue();
    }

    @Test
    void anUpdateAppendedToALogWritesItsKeyAndNoOtherIndex() {
        m = new MessagingFixture(backend(), dir);

        // Trimming by age reads a user's log through the key; an index on the date was written by every update and
        // read by nothing.
        String indexes = backend() == Backend.SQLITE
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'update_log'"
                : "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'update_log' AND schemaname = current_schema()";
        assertThat(m.count(indexes)).as("the primary key's index alone").isEqualTo(1);
    }

    @Test
    void logsOlderThanTheMaximumAgeAreTrimmed() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        m = new MessagingFixture(backend(), dir, SyncSettings.defaults().withLog(Duration.ofDays(1), 1000), clock);
        long alice = m.user("alice"), bob = m.user("bobby");
        long chat = m.chats.createPrivate(alice, bob).chatId();
        m.messages.send(alice, chat, "old", 1, null, List.of());
        clock.advance(Duration.ofDays(2));
        m.messages.send(alice, chat, "new", 2, null, List.of());

        m.sync.trim();

        assertThat(m.sync.getDifference(bob, 0, 100).tooLong()).isTrue();
        assertThat(m.sync.getDifference(bob, 1, 100).updates()).hasSize(1);
    }

    @Test
    void concurrentSendersIntoOneGroupGiveEveryMemberTheSameGapFreeOrder() throws Exception {
        m = new MessagingFixture(backend(), dir);
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            members.add(m.user("member" + i));
        }
        long group = m.chats.createGroup(members.getFirst(), "crowd", members.subList(1, 25)).chat().chatId();
        long base = m.sync.getState(members.get(5)).pts();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < 20; s++) {
                long sender = members.get(s);
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        m.messages.send(sender, group, "from " + sender + " #" + i, sender * 1000 + i, null,
                                List.of());
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
        }

        List<Long> reference = null;
        for (long member : members) {
            List<Long> order = new ArrayList<>();
            long pts = m.sync.getState(member).pts() - 600;
            assertThat(pts).isEqualTo(base);
            Difference page;
            do {
                page = m.sync.getDifference(member, pts, 1000);
                for (Update u : page.updates()) {
                    assertThat(u.ptsOf()).isEqualTo(pts + 1);
                    pts = u.ptsOf();
                    order.add(((Update.NewMessage) u).message().id());
                }
            } while (!page.isFinal());
            assertThat(order).hasSize(600).doesNotHaveDuplicates().isSorted();
            if (reference == null) {
                reference = order;
            }
            assertThat(order).isEqualTo(reference);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
