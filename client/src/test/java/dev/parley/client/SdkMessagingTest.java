package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.sync.Update;
import dev.parley.server.config.Config;
import dev.parley.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's messaging methods and sync against a real server (real sockets, real SQLite). */
class SdkMessagingTest {
    @RegisterExtension
    static final TestServer server = TestServer.create(config -> config.withGateway(
            // Load tests send thousands of messages from one session; flood control is tested elsewhere.
            new Config.Gateway(1_000_000, 1_000_000, 64, 30, 15)));

    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path temp;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private Person person(String prefix) {
        Person person = Person.register(server.httpUri(), prefix);
        opened.add(person);
        return person;
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object monitor = new Object();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            synchronized (monitor) {
                monitor.wait(10);
            }
        }
    }

    @Test
    void twoPeopleFindEachOtherByUsernameChatAndReadWithUnreadCounts() {
        Person alice = person("alice");
        Person bob = person("bob");

        long bobId = alice.client().contacts().resolveUsername("@" + bob.username().toUpperCase()).userId();
        Chat chat = alice.client().chats().createPrivate(bobId);
        Sent hello = alice.client().sendMessage(chat.chatId(), "hello bob");
        Sent again = alice.client().sendMessage(chat.chatId(), "are you there?");

        assertThat(bobId).isEqualTo(bob.userId());
        assertThat(bob.client().chats().createPrivate(alice.userId()).chatId()).isEqualTo(chat.chatId());
        assertThat(bob.client().messages().getHistoryNewer(chat.chatId(), null, 10)).extracting(Message::text)
                .containsExactly("hello bob", "are you there?");
        var dialog = bob.client().messages().getDialogs(0, 10).getFirst();
        assertThat(dialog.chat().chatId()).isEqualTo(chat.chatId());
        assertThat(dialog.unreadCount()).isEqualTo(2);

        bob.client().messages().readHistory(chat.chatId(), again.message().id());
        assertThat(bob.client().messages().getDialogs(0, 10).getFirst().unreadCount()).isZero();
        assertThat(alice.client().messages().getDialogs(0, 10).getFirst().readOutboxMaxId())
                .isEqualTo(again.message().id());

        alice.client().messages().edit(chat.chatId(), hello.message().id(), "hello, Bob", null);
        assertThat(bob.client().messages().search(chat.chatId(), "bob", 10)).extracting(Message::text)
                .containsExactly("hello, Bob");
        alice.client().messages().delete(chat.chatId(), List.of(again.message().id()), true);
        assertThat(bob.client().messages().getHistoryOlder(chat.chatId(), null, 10)).extracting(Message::text)
                .containsExactly("hello, Bob");

        bob.client().contacts().block(alice.userId());
        assertCode(() -> alice.client().sendMessage(chat.chatId(), "hi?"), ErrorCode.USER_BLOCKED);
        bob.client().contacts().unblock(alice.userId());
        assertThat(alice.client().sendMessage(chat.chatId(), "hi!").message().text()).isEqualTo("hi!");
    }

    @Test
    void groupsAreCreatedRetitledAndTheirMembersManaged() {
        Person owner = person("owner");
        Person ann = person("ann");
        Person ben = person("ben");

        var created = owner.client().chats().createGroup("Hikers", List.of(ann.userId()));
        long chatId = created.chat().chatId();
        owner.client().chats().addMember(chatId, ben.userId());
        owner.client().chats().setRole(chatId, ann.userId(), "admin");
        ann.client().chats().editTitle(chatId, "Hikers 2027");
        ann.client().chats().removeMember(chatId, ben.userId());

        assertThat(created.chat().kind()).isEqualTo("group");
        assertThat(owner.client().chats().get(chatId).title()).isEqualTo("Hikers 2027");
        assertThat(owner.client().chats().getMembers(chatId, 0, 10).members())
                .extracting(m -> m.userId() + ":" + m.role())
                .containsExactlyInAnyOrder(owner.userId() + ":owner", ann.userId() + ":admin");
        assertCode(() -> ben.client().chats().get(chatId), ErrorCode.CHAT_NOT_FOUND);
        assertCode(() -> ann.client().chats().addMember(chatId, ann.userId()), ErrorCode.USER_ALREADY_MEMBER);

        ann.client().chats().leave(chatId);
        assertCode(() -> ann.client().messages().getHistoryOlder(chatId, null, 10), ErrorCode.CHAT_NOT_FOUND);
    }

    @Test
    void invalidParamsAreRefusedBeforeSendingWithTheServersCodes() {
        Person alice = person("alice");

        assertCode(() -> alice.client().sendMessage(1, "x".repeat(4097)), ErrorCode.MESSAGE_TOO_LONG);
        assertCode(() -> alice.client().messages().send(1, "hi", 0, null, null), ErrorCode.BAD_REQUEST);
        assertCode(() -> alice.client().contacts().resolveUsername("no"), ErrorCode.USERNAME_INVALID);
        assertCode(() -> alice.client().sendMessage(123_456_789, "hi"), ErrorCode.CHAT_NOT_FOUND);
    }

    @Test
    void aSendWhoseAckIsLostIsResentWithTheSameRandomIdAndAppearsOnce() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        long chatId = alice.client().chats().createPrivate(bob.userId()).chatId();
        LossyProxy proxy = open(new LossyProxy(server.port()));
        ParleyClient phone = open(ParleyClient.connect(proxy.httpUri(), Person.OPTIONS));
        phone.hello(alice.token());
        List<Boolean> reconnects = new CopyOnWriteArrayList<>();
        phone.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnected(boolean reconnect) {
                reconnects.add(reconnect);
            }
        });

        proxy.loseNextReply();
        Sent sent = phone.sendMessage(chatId, "exactly once");

        assertThat(proxy.lostAReply()).isTrue();
        assertThat(reconnects).contains(true);
        List<Message> history = bob.client().messages().getHistoryOlder(chatId, null, 10);
        assertThat(history).extracting(Message::text).containsExactly("exactly once");
        assertThat(history.getFirst().id()).isEqualTo(sent.message().id());
    }

    @Test
    void aRepeatedRandomIdReturnsTheOriginalMessage() {
        Person alice = person("alice");
        Person bob = person("bob");
        long chatId = alice.client().chats().createPrivate(bob.userId()).chatId();
        long randomId = Messages.newRandomId();

        Sent first = alice.client().messages().send(chatId, "once", randomId, null, null);
        Sent second = open(alice.device(server.httpUri())).messages().send(chatId, "once", randomId, null, null);

        assertThat(second).isEqualTo(first);
        assertThat(bob.client().messages().getHistoryOlder(chatId, null, 10)).hasSize(1);
        assertThat(randomId).isBetween(1L, (1L << 53) - 1);
    }

    @Test
    void aClientOfflineDuringFiveThousandUpdatesCatchesUpPageByPageThenContinuesLiveWithoutDuplicates()
            throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        long chatId = bob.client().chats().createPrivate(alice.userId()).chatId();
        Path syncFile = temp.resolve("alice/sync.json");
        ParleyClient laptop = alice.device(server.httpUri());
        long start = laptop.startSync(new FileSyncStateStore(syncFile), new Person.Recorder());
        laptop.close();

        List<Long> sent = sendConcurrently(bob.client(), chatId, 5_000, 8);
        RecordingStore store = new RecordingStore(new FileSyncStateStore(syncFile));
        ParleyClient back = open(alice.device(server.httpUri()));
        Person.Recorder recorder = new Person.Recorder();
        try (var live = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Long>> more = live.submit(() -> sendConcurrently(bob.client(), chatId, 300, 2));
            back.startSync(store, recorder, 500);
            sent.addAll(more.get());
        }
        await("all 5,300 messages", Duration.ofSeconds(30), () -> recorder.updates.size() >= 5_300);

        List<Update.NewMessage> received = recorder.newMessages();
        assertThat(recorder.updates).hasSize(5_300);
        assertThat(received).extracting(Update::ptsOf)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(start + 1, start + 5_300)
                        .boxed().toList());
        assertThat(received).extracting(u -> u.message().id()).isSorted()
                .containsExactlyInAnyOrderElementsOf(sent);
        // Paged: the catch-up stored each page's end before the next one.
        assertThat(store.saved).containsSubsequence(java.util.stream.LongStream.rangeClosed(1, 10)
                .map(page -> start + page * 500).boxed().toList());
        assertThat(new FileSyncStateStore(syncFile).load()).isEqualTo(OptionalLong.of(start + 5_300));
    }

    @Test
    void aDeviceThatNeverSyncedStartsAtThePresentAndAStoreAheadOfTheServerResyncs() {
        Person alice = person("alice");
        Person bob = person("bob");
        long chatId = bob.client().chats().createPrivate(alice.userId()).chatId();
        bob.client().sendMessage(chatId, "before");
        Person.Recorder fresh = new Person.Recorder();

        long pts = alice.client().startSync(SyncStateStore.inMemory(), fresh);

        assertThat(pts).isEqualTo(alice.client().updates().getState());
        assertThat(fresh.updates).isEmpty();

        SyncStateStore ahead = SyncStateStore.inMemory();
        ahead.save(pts + 1_000);
        List<Long> resyncs = new CopyOnWriteArrayList<>();
        long resynced = open(alice.device(server.httpUri())).startSync(ahead, new SyncListener() {
            @Override
            public void onUpdate(Update update) {}

            @Override
            public void onResync(long serverPts) {
                resyncs.add(serverPts);
            }
        });
        assertThat(resyncs).containsExactly(pts);
        assertThat(resynced).isEqualTo(pts);
    }

    /** Sends {@code count} messages from {@code threads} threads; returns the message ids. */
    static List<Long> sendConcurrently(ParleyClient client, long chatId, int count, int threads) throws Exception {
        List<Long> ids = new CopyOnWriteArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = thread; i < count; i += threads) {
                        ids.add(client.sendMessage(chatId, "m" + i).message().id());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return new ArrayList<>(ids);
    }

    /** A real store that also remembers every position saved to it. */
    private static final class RecordingStore implements SyncStateStore {
        final List<Long> saved = new CopyOnWriteArrayList<>();
        private final SyncStateStore inner;

        RecordingStore(SyncStateStore inner) {
            this.inner = inner;
        }

        @Override
        public OptionalLong load() {
            return inner.load();
        }

        @Override
        public void save(long pts) {
            saved.add(pts);
            inner.save(pts);
        }
    }
}
