package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ParleyClient;
import dev.parley.crypto.store.EncryptedStateStore;
import dev.parley.cli.CliRunner.Run;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The messaging commands in-process against a real server, between two profiles (two people). */
class CliMessagingTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();
    private final CliRunner runner = new CliRunner(server);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path temp;

    private final JsonCodec codec = new JsonCodec();
    private Path alice;
    private Path bob;
    private String aliceName;
    private String bobName;


    private Run cli(Path profile, String... args) {
        return runner.run(profile, args);
    }

    private Run ok(Path profile, String... args) {
        return runner.ok(profile, args);
    }

    private static String username(String prefix) {
        return prefix + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_" + COUNTER.incrementAndGet();
    }

    @BeforeEach
    void twoPeople() {
        alice = temp.resolve("alice");
        bob = temp.resolve("bob");
        aliceName = username("alice");
        bobName = username("bob");
        ok(alice, "register", aliceName);
        ok(bob, "register", bobName);
    }

    @Test
    void sendByUsernameThenHistoryChatsReadAndReceiveBetweenTwoProfiles() throws Exception {
        Run sent = ok(alice, "--json", "send", "@" + bobName, "hello", "bob");
        long chatId = sent.json(codec).path("message").path("chatId").asLong();
        ok(alice, "send", Long.toString(chatId), "second");

        Run history = ok(bob, "--json", "history", aliceName, "--limit", "10");
        assertThat(history.json(codec).path("messages")).extracting(m -> m.path("text").asText())
                .containsExactly("hello bob", "second");
        assertThat(ok(bob, "history", aliceName).out()).contains(aliceName + ": hello bob")
                .contains(aliceName + ": second");

        JsonNode dialog = ok(bob, "--json", "chats").json(codec).path("dialogs").get(0);
        assertThat(dialog.path("chat").path("chatId").asLong()).isEqualTo(chatId);
        assertThat(dialog.path("chat").path("e2e").asBoolean()).as("encrypted by default").isTrue();
        assertThat(dialog.path("unreadCount").asInt()).isEqualTo(2);
        assertThat(ok(bob, "chats").out()).contains("@" + aliceName).contains("second");

        List<JsonNode> received = ok(bob, "receive", "--json", "--count", "2", "--timeout", "20").lines(codec);
        assertThat(received).extracting(u -> u.path("type").asText()).containsExactly("newMessage", "newMessage");
        assertThat(received).extracting(u -> u.path("message").path("text").asText())
                .containsExactly("hello bob", "second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bob.resolve("sync.json"))))
                .isEqualTo("rw-------");

        ok(bob, "read", Long.toString(chatId));
        assertThat(ok(bob, "--json", "chats").json(codec).path("dialogs").get(0).path("unreadCount").asInt())
                .isZero();

        // The next receive continues after what the last one printed: the read, then a new message, nothing twice.
        ok(alice, "send", bobName, "third");
        List<JsonNode> next = ok(bob, "receive", "--json", "--count", "2", "--timeout", "20").lines(codec);
        assertThat(next).extracting(u -> u.path("type").asText()).containsExactly("readHistoryInbox", "newMessage");
        assertThat(next.get(1).path("message").path("text").asText()).isEqualTo("third");
        assertThat(ok(bob, "receive", "--json", "--timeout", "1").out()).isEmpty();
    }

    @Test
    void receiveStreamsLiveMessagesAsTheyArrive() throws Exception {
        CompletableFuture<Run> receiving = CompletableFuture.supplyAsync(
                () -> cli(bob, "receive", "--count", "1", "--timeout", "30"));
        // Whatever is sent after receive started arrives live or in its catch-up, exactly once either way.
        ok(alice, "send", bobName, "live one");

        Run run = receiving.get();
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).singleElement().asString().contains(aliceName + ": live one");
    }

    @Test
    void groupsAreCreatedAndManagedByUsername() {
        String carolName = username("carol");
        Path carol = temp.resolve("carol");
        ok(carol, "register", carolName);

        Run created = ok(alice, "--json", "group", "create", "Trip", bobName);
        long chatId = created.json(codec).path("chat").path("chatId").asLong();
        ok(alice, "group", "add", Long.toString(chatId), carolName);
        ok(carol, "send", Long.toString(chatId), "hi all");
        ok(alice, "group", "remove", Long.toString(chatId), bobName);
        ok(carol, "group", "leave", Long.toString(chatId));

        assertThat(cli(bob, "history", Long.toString(chatId)).err()).startsWith("error: CHAT_NOT_FOUND");
        assertThat(ok(alice, "--json", "history", Long.toString(chatId)).json(codec).path("messages"))
                .extracting(m -> m.path("text").asText()).containsExactly("hi all");
        List<JsonNode> updates = ok(alice, "receive", "--json", "--count", "6", "--timeout", "20").lines(codec);
        assertThat(updates).extracting(u -> u.path("type").asText() + ":" + u.path("action").asText(""))
                .containsExactly("chatMembership:created", "chatMembership:added", "chatMembership:added",
                        "newMessage:", "chatMembership:removed", "chatMembership:left");
        assertThat(updates.get(3).path("message").path("text").asText()).isEqualTo("hi all");
        // The group is end to end encrypted by default: its members came and went with MLS commits.
        assertThat(ok(alice, "--json", "chats").json(codec).path("dialogs").get(0).path("chat").path("e2e")
                .asBoolean()).isTrue();
        assertThat(cli(alice, "group", "add", Long.toString(chatId), "nobody_here_1").err())
                .startsWith("error: USER_NOT_FOUND");
        JsonNode cloud = ok(alice, "--json", "group", "create", "--cloud", "Open", bobName).json(codec).path("chat");
        assertThat(cloud.path("e2e").asBoolean()).as("--cloud asks for a cloud group").isFalse();
        assertThat(cloud.path("memberCount").asInt()).isEqualTo(2);
    }

    @Test
    void verifyShowsBothPeopleTheSameSafetyNumberAndNoticesANewDevice() {
        JsonNode fromAlice = ok(alice, "--json", "verify", bobName).json(codec);
        JsonNode fromBob = ok(bob, "--json", "verify", "@" + aliceName).json(codec);
        assertThat(fromAlice.path("safetyNumber").asText()).hasSize(60)
                .isEqualTo(fromBob.path("safetyNumber").asText());
        assertThat(fromAlice.path("changedSinceLastVerify").asBoolean()).isFalse();
        assertThat(ok(alice, "verify", bobName).out()).contains("Safety number with @" + bobName)
                .contains(fromAlice.path("safetyNumber").asText().substring(0, 5));

        // Bob logs in on another device: a new key, so a new number, and Alice is told.
        ok(temp.resolve("bob-laptop"), "login", bobName);
        JsonNode again = ok(alice, "--json", "verify", bobName).json(codec);
        assertThat(again.path("changedSinceLastVerify").asBoolean()).isTrue();
        assertThat(again.path("devices")).hasSize(2);
        assertThat(again.path("safetyNumber").asText()).isNotEqualTo(fromAlice.path("safetyNumber").asText());
        assertThat(cli(alice, "verify", aliceName).err()).contains("PEER_INVALID");
    }

    @Test
    void anEncryptedChatStartedInTheSdkIsReadAndAnsweredFromTheCli() throws Exception {
        try (ParleyClient carol = ParleyClient.connect(server.httpUri())) {
            String carolName = username("carol");
            carol.register(carolName, "correct horse battery", null, "sdk");
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            carol.enableE2e(new EncryptedStateStore(temp.resolve("carol-e2e"), secret, new SecureRandom()));
            long bobId = carol.contacts().resolveUsername(bobName).userId();
            long chat = carol.chats().createPrivate(bobId).chatId();
            carol.sendMessage(chat, "psst bob");

            JsonNode history = ok(bob, "--json", "history", carolName).json(codec);
            assertThat(history.path("messages").get(0).path("text").asText()).isEqualTo("psst bob");
            assertThat(ok(bob, "history", carolName).out()).contains(carolName + ": psst bob");
            ok(bob, "send", carolName, "hi", "carol");

            var latest = carol.messages().getHistoryOlder(chat, null, 1).getFirst();
            assertThat(latest.text()).isEmpty();
            assertThat(carol.e2e().orElseThrow().reveal(latest).text()).isEqualTo("hi carol");
        }
    }
}
