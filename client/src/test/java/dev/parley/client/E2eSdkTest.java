package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.e2e.ForgedPayloads;
import dev.parley.client.e2e.SecureChats;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.crypto.store.EncryptedStateStore;
import dev.parley.crypto.store.StateStoreException;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.chat.ChatMethods.ChatCreated;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.sync.Update;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end encryption through the SDK as applications use it: real SDK clients (WebSocket, sync, MLS from the
 * {@code crypto} module, state encrypted at rest) against a real server, whose database is then read directly.
 */
class E2eSdkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final TestServer server = TestServer.create();

    @TempDir
    Path temp;

    private final List<String> plaintexts = new ArrayList<>();
    private final byte[] secret = new byte[32];

    E2eSdkTest() {
        new SecureRandom().nextBytes(secret);
    }

    /** A plaintext unique to this run, remembered for the database scan. */
    private String say(String what) {
        String text = "secret " + what + " " + UUID.randomUUID();
        plaintexts.add(text);
        return text;
    }

    private SecureChats enable(ParleyClient client, String profile) throws StateStoreException {
        return client.enableE2e(new EncryptedStateStore(temp.resolve(profile), secret, new SecureRandom()));
    }

    private static Person.Recorder sync(ParleyClient client) {
        Person.Recorder recorder = new Person.Recorder();
        client.startSync(SyncStateStore.inMemory(), recorder);
        return recorder;
    }

    @Test
    void privateChatsAndGroupsAreEncryptedByDefaultMembersDecryptAndTheServerHoldsOnlyCiphertext() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby");
                Person carol = Person.register(server.httpUri(), "carol")) {
            enable(alice.client(), "alice");
            enable(bob.client(), "bob");
            enable(carol.client(), "carol");
            Person.Recorder atAlice = sync(alice.client());
            Person.Recorder atBob = sync(bob.client());
            Person.Recorder atCarol = sync(carol.client());

            // A new private chat is end to end encrypted unless asked otherwise.
            Chat chat = alice.client().chats().createPrivate(bob.userId());
            assertThat(chat.e2e()).isTrue();
            String hello = say("hello");
            Sent sent = alice.client().sendMessage(chat.chatId(), hello);
            assertThat(sent.message().text()).isEqualTo(hello);
            assertThat(sent.message().ciphertext()).isNotBlank();
            assertThat(received(atBob, chat.chatId(), sent.message().id())).isEqualTo(hello);
            String reply = say("reply");
            long replyId = bob.client().sendMessage(chat.chatId(), reply).message().id();
            assertThat(received(atAlice, chat.chatId(), replyId)).isEqualTo(reply);

            // So is a new group: the members are committed into its MLS group with the creator's first commit.
            ChatCreated group = alice.client().chats().createGroup("plans", List.of(bob.userId(), carol.userId()));
            long groupId = group.chat().chatId();
            assertThat(group.chat().e2e()).isTrue();
            assertThat(group.chat().memberCount()).isEqualTo(3);
            String plan = say("plan");
            long planId = alice.client().sendMessage(groupId, plan).message().id();
            assertThat(received(atBob, groupId, planId)).isEqualTo(plan);
            assertThat(received(atCarol, groupId, planId)).isEqualTo(plan);
            String fromCarol = say("from carol");
            long carolsId = carol.client().sendMessage(groupId, fromCarol).message().id();
            assertThat(received(atAlice, groupId, carolsId)).isEqualTo(fromCarol);
            assertThat(received(atBob, groupId, carolsId)).isEqualTo(fromCarol);

            // Carol is removed with the commit that removes her device; what follows is not hers to read.
            alice.client().chats().removeMember(groupId, carol.userId());
            String afterCarol = say("after carol");
            long afterId = alice.client().sendMessage(groupId, afterCarol).message().id();
            assertThat(received(atBob, groupId, afterId)).isEqualTo(afterCarol);
            SecureChats carols = carol.client().e2e().orElseThrow();
            carols.catchUp();
            assertThat(carols.hasGroup(groupId)).as("the removal reached carol's device").isFalse();
            assertThat(atCarol.newMessages()).noneMatch(u -> u.message().id() == afterId);

            // The cloud path still works, in plaintext, when asked for.
            Chat cloud = alice.client().chats().createGroup("cloud", List.of(bob.userId()), false).chat();
            assertThat(cloud.e2e()).isFalse();
            String visible = "cloud text " + UUID.randomUUID();
            long visibleId = alice.client().sendMessage(cloud.chatId(), visible).message().id();
            assertThat(received(atBob, cloud.chatId(), visibleId)).isEqualTo(visible);

            // The history through the SDK is readable; the server's rows are not.
            List<Message> history = bob.client().messages().getHistoryOlder(groupId, null, 10);
            assertThat(history).allSatisfy(m -> assertThat(m.text()).isEmpty());
            assertThat(history.stream().map(bob.client().e2e().orElseThrow()::reveal).map(Message::text))
                    .contains(plan, fromCarol, afterCarol);
            assertThat(rowsContaining(visible)).contains("messages");
            for (String plaintext : plaintexts) {
                assertThat(rowsContaining(plaintext)).as(plaintext).isEmpty();
            }
            assertThat(rowsContaining(sent.message().ciphertext().substring(0, 40))).contains("messages");
            assertThat(filesContaining(temp, hello)).as("the local state is encrypted too").isEmpty();
        }
    }

    @Test
    void repliesAndEditsTravelInsideTheEncryptedPayloadAndOnlyTheAuthorsEditsApply() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby");
                Person carol = Person.register(server.httpUri(), "carol")) {
            enable(alice.client(), "alice");
            enable(bob.client(), "bob");
            enable(carol.client(), "carol");
            Person.Recorder atBob = sync(bob.client());
            long groupId = alice.client().chats().createGroup("edits", List.of(bob.userId(), carol.userId()))
                    .chat().chatId();
            String question = say("question");
            long questionId = alice.client().sendMessage(groupId, question).message().id();
            assertThat(received(atBob, groupId, questionId)).isEqualTo(question);

            // A reply names its message inside the ciphertext: the server never learns what it answers.
            String answer = say("answer");
            Sent reply = bob.client().sendMessage(groupId, answer, questionId);
            assertThat(reply.message().replyToId()).isEqualTo(questionId);
            SecureChats alices = alice.client().e2e().orElseThrow();
            alices.catchUp();
            Message atAlice = alices.reveal(alice.client().messages().getHistoryOlder(groupId, null, 10)).getFirst();
            assertThat(atAlice.text()).isEqualTo(answer);
            assertThat(atAlice.replyToId()).isEqualTo(questionId);

            // Alice edits her question: bob's sync hears an edit of the original, not a new message.
            String corrected = say("corrected");
            Message edited = alice.client().editMessage(groupId, questionId, corrected);
            assertThat(edited.text()).isEqualTo(corrected);
            assertThat(edited.editDate()).isNotNull();
            Update.EditMessage heard = awaitEdit(atBob, groupId, questionId);
            assertThat(heard.message().text()).isEqualTo(corrected);
            assertThat(heard.message().editDate()).isNotNull();

            // Nobody can edit someone else's message: the SDK refuses, and a forged edit is ignored by every device.
            assertThatThrownBy(() -> carol.client().editMessage(groupId, questionId, "forged"))
                    .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            String forged = say("forged");
            ForgedPayloads.edit(carol.client().e2e().orElseThrow(), groupId, questionId, forged);
            String later = say("later");
            long laterId = carol.client().sendMessage(groupId, later).message().id();
            assertThat(received(atBob, groupId, laterId)).isEqualTo(later);

            // History: the edits themselves are left out; the original shows its newest text, marked edited.
            for (Person reader : List.of(alice, bob)) {
                SecureChats secure = reader.client().e2e().orElseThrow();
                secure.catchUp();
                List<Message> history = secure.reveal(reader.client().messages().getHistoryOlder(groupId, null, 20));
                Message original = history.stream().filter(m -> m.id() == questionId).findFirst().orElseThrow();
                assertThat(original.text()).isEqualTo(corrected);
                assertThat(original.editDate()).isNotNull();
                assertThat(history).extracting(Message::text).containsExactly(later, answer, corrected);
            }
            assertThat(atBob.updates).noneMatch(u -> u instanceof Update.EditMessage e && e.message().text().equals(forged));
            for (String plaintext : plaintexts) {
                assertThat(rowsContaining(plaintext)).as(plaintext).isEmpty();
            }
        }
    }

    @Test
    void theMlsRosterIsCheckedAgainstTheServersMemberList() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby");
                Person carol = Person.register(server.httpUri(), "carol")) {
            SecureChats alices = enable(alice.client(), "alice");
            enable(bob.client(), "bob");
            enable(carol.client(), "carol");
            long groupId = alice.client().chats().createGroup("roster", List.of(bob.userId(), carol.userId()))
                    .chat().chatId();
            assertThat(alices.checkRoster(groupId).matches()).isTrue();
            assertThat(bob.client().e2e().orElseThrow().checkRoster(groupId).matches()).isTrue();

            // Carol signs out her only device: she stays a member, and the next send removes her leaf. From then on
            // she is listed but cannot read, and the check says so.
            carol.client().logout();
            alice.client().sendMessage(groupId, say("without carol's device"));
            SecureChats.RosterCheck check = alices.checkRoster(groupId);
            assertThat(check.matches()).isFalse();
            assertThat(check.membersNotReaders()).containsExactly(carol.userId());
            assertThat(check.readersNotMembers()).isEmpty();
        }
    }

    private static Update.EditMessage awaitEdit(Person.Recorder recorder, long chatId, long id) {
        Supplier<Optional<Update.EditMessage>> find = () -> recorder.updates.stream()
                .filter(u -> u instanceof Update.EditMessage e && e.message().chatId() == chatId
                        && e.message().id() == id)
                .map(Update.EditMessage.class::cast).findFirst();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (find.get().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no edit of message " + id + " within " + WAIT);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return find.get().orElseThrow();
    }

    @Test
    void aRestartedClientReadsOnFromItsEncryptedState() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby")) {
            enable(alice.client(), "alice");
            enable(bob.client(), "bob");
            Person.Recorder before = sync(bob.client());
            long chat = alice.client().chats().createPrivate(bob.userId()).chatId();
            String first = say("first");
            long firstId = alice.client().sendMessage(chat, first).message().id();
            assertThat(received(before, chat, firstId)).isEqualTo(first);
            bob.client().close();

            try (ParleyClient again = bob.device(server.httpUri())) {
                enable(again, "bob");
                Person.Recorder atBob = sync(again);
                String second = say("second");
                long secondId = alice.client().sendMessage(chat, second).message().id();
                assertThat(received(atBob, chat, secondId)).isEqualTo(second);
                String answer = say("answer");
                long answerId = again.sendMessage(chat, answer).message().id();
                assertThat(alice.client().e2e().orElseThrow()
                        .reveal(alice.client().messages().getHistoryOlder(chat, null, 1).getFirst()).text())
                        .isEqualTo(answer);
                assertThat(answerId).isGreaterThan(secondId);
            }
        }
    }

    @Test
    void aServerRestartKeepsAnEncryptedGroupUsableForMessagesAndCommits() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby");
                Person carol = Person.register(server.httpUri(), "carol")) {
            SecureChats secure = enable(alice.client(), "alice");
            enable(bob.client(), "bob");
            enable(carol.client(), "carol");
            Person.Recorder atBob = sync(bob.client());
            Person.Recorder atCarol = sync(carol.client());
            long group = alice.client().chats().createGroup("plans", List.of(bob.userId())).chat().chatId();
            String before = say("before the restart");
            long beforeId = alice.client().sendMessage(group, before).message().id();
            assertThat(received(atBob, group, beforeId)).isEqualTo(before);
            long epoch = secure.epoch(group);

            // The server stops and starts again on the same database; the clients reconnect by themselves.
            server.restart();

            // Messages flow both ways in the same epoch, and a commit (adding Carol) is ordered as before.
            String after = say("after the restart");
            long afterId = bob.client().sendMessage(group, after).message().id();
            assertThat(alice.client().e2e().orElseThrow()
                    .reveal(alice.client().messages().getHistoryOlder(group, null, 1).getFirst()).text())
                    .isEqualTo(after);
            alice.client().chats().addMember(group, carol.userId());
            assertThat(secure.epoch(group)).isEqualTo(epoch + 1);
            String welcome = say("welcome carol");
            long welcomeId = alice.client().sendMessage(group, welcome).message().id();
            assertThat(received(atCarol, group, welcomeId)).isEqualTo(welcome);
            assertThat(received(atBob, group, welcomeId)).isEqualTo(welcome);
            assertThat(afterId).isGreaterThan(beforeId);
        }
    }

    @Test
    void aLoneMemberSendsAndPeopleAddedLaterAreCommittedIntoTheSameGroup() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby")) {
            SecureChats secure = enable(alice.client(), "alice");

            // Alone in a new encrypted group, Alice can still write (notes to herself, or before anyone joins).
            long group = alice.client().chats().createGroup("solo", List.of()).chat().chatId();
            String note = say("note");
            Sent sent = alice.client().sendMessage(group, note);
            assertThat(secure.epoch(group)).as("nobody to commit to yet").isZero();
            assertThat(secure.reveal(alice.client().messages().getHistoryOlder(group, null, 1).getFirst()).text())
                    .isEqualTo(note);

            // Bob gets a device; Alice adds him with the commit that claims her group on the server.
            enable(bob.client(), "bob");
            Person.Recorder atBob = sync(bob.client());
            alice.client().chats().addMember(group, bob.userId());
            assertThat(secure.epoch(group)).isEqualTo(1);
            String hello = say("hello bob");
            long helloId = alice.client().sendMessage(group, hello).message().id();
            assertThat(received(atBob, group, helloId)).isEqualTo(hello);
            // What was sent before he joined is not his to read.
            assertThat(bob.client().messages().getHistoryOlder(group, null, 10).stream()
                    .map(bob.client().e2e().orElseThrow()::reveal).map(Message::text)).doesNotContain(note);
            assertThat(sent.message().id()).isLessThan(helloId);
        }
    }

    @Test
    void aDeviceRefreshesItsOwnKeysWithACommitOnceAWeekWhenItSends() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby")) {
            SteppedClock clock = new SteppedClock(Instant.parse("2026-01-05T10:00:00Z"));
            SecureChats secure = alice.client().enableE2e(
                    new EncryptedStateStore(temp.resolve("alice"), secret, new SecureRandom()), clock);
            enable(bob.client(), "bob");
            Person.Recorder atBob = sync(bob.client());
            long chat = alice.client().chats().createPrivate(bob.userId()).chatId();
            alice.client().sendMessage(chat, say("first"));
            long founded = secure.epoch(chat);

            clock.advance(Duration.ofDays(6));
            alice.client().sendMessage(chat, say("within the week"));
            assertThat(secure.epoch(chat)).as("no refresh within a week").isEqualTo(founded);

            clock.advance(Duration.ofDays(2));
            String late = say("a week later");
            long lateId = alice.client().sendMessage(chat, late).message().id();
            assertThat(secure.epoch(chat)).as("one self-update commit").isEqualTo(founded + 1);
            assertThat(received(atBob, chat, lateId)).isEqualTo(late);
            assertThat(atBob.updates).filteredOn(u -> u instanceof Update.E2eHandshake h && h.chatId() == chat
                    && h.senderId() == alice.userId()).hasSize(2);

            alice.client().sendMessage(chat, say("right after"));
            assertThat(secure.epoch(chat)).as("the schedule restarts").isEqualTo(founded + 1);
        }
    }

    @Test
    void textsOlderThanTheChatsTimerDisappearFromTheDeviceEvenBeforeTheServerDeletesThem() throws Exception {
        try (Person alice = Person.register(server.httpUri(), "alice");
                Person bob = Person.register(server.httpUri(), "bobby")) {
            SecureChats atAlice = enable(alice.client(), "alice");
            SteppedClock bobsClock = new SteppedClock(Instant.now());
            SecureChats atBob = bob.client().enableE2e(
                    new EncryptedStateStore(temp.resolve("bob"), secret, new SecureRandom()), bobsClock);
            long chat = alice.client().chats().createPrivate(bob.userId()).chatId();
            atAlice.setTimer(chat, 3600);
            String soon = say("soon gone");
            long soonId = alice.client().sendMessage(chat, soon).message().id();
            Message stored = bob.client().messages().getHistoryOlder(chat, null, 1).getFirst();
            assertThat(stored.id()).isEqualTo(soonId);
            assertThat(atBob.reveal(stored).text()).isEqualTo(soon);

            // Two hours on Bob's clock: the text is older than the chat's hour and is gone from his device.
            bobsClock.advance(Duration.ofHours(2));
            assertThat(atBob.reveal(stored).text()).isEmpty();
            bobsClock.advance(Duration.ofHours(-2));
            assertThat(atBob.reveal(stored).text()).as("forgotten, not just hidden").isEmpty();

            // A later message reads normally; a timer of 0 turns disappearing off.
            atAlice.setTimer(chat, 0);
            String stays = say("stays");
            long staysId = alice.client().sendMessage(chat, stays).message().id();
            bobsClock.advance(Duration.ofDays(30));
            Message later = bob.client().messages().getHistoryOlder(chat, null, 1).getFirst();
            assertThat(later.id()).isEqualTo(staysId);
            assertThat(atBob.reveal(later).text()).isEqualTo(stays);
        }
    }

    /** A clock the test moves forward. */
    private static final class SteppedClock extends java.time.Clock {
        private volatile Instant now;

        SteppedClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The text of message {@code id} of the chat once the recorder got it. */
    private static String received(Person.Recorder recorder, long chatId, long id) {
        Supplier<Optional<Message>> find = () -> recorder.newMessages().stream().map(Update.NewMessage::message)
                .filter(m -> m.chatId() == chatId && m.id() == id).findFirst();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (find.get().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message " + id + " of chat " + chatId + " not received within " + WAIT);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return find.get().orElseThrow().text();
    }

    /** The tables with a row holding {@code needle} in any column. */
    private List<String> rowsContaining(String needle) {
        return server.database().read(h -> {
            List<String> hits = new ArrayList<>();
            for (String table : h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite_%'").mapTo(String.class).list()) {
                for (String column : h.createQuery("SELECT name FROM pragma_table_info(:t)").bind("t", table)
                        .mapTo(String.class).list()) {
                    long n = h.createQuery("SELECT COUNT(*) FROM \"" + table + "\" WHERE instr(CAST(\"" + column
                            + "\" AS TEXT), :needle) > 0").bind("needle", needle).mapTo(Long.class).one();
                    if (n > 0) {
                        hits.add(table);
                    }
                }
            }
            return hits;
        });
    }

    private static List<Path> filesContaining(Path root, String needle) throws IOException {
        byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                            .contains(new String(bytes, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
