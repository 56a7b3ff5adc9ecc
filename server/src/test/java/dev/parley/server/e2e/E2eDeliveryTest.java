package dev.parley.server.e2e;

import static dev.parley.server.e2e.E2eDirectoryTest.registerDevice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Handshake ordering, welcomes, opaque messages and the rules around them, over a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class E2eDeliveryTest {
    // One server per class (PER_CLASS lifecycle), of the dialect backend() names.
    @RegisterExtension
    final TestServer server = TestServer.create(backend(), UnaryOperator.identity());
    private final AtomicInteger names = new AtomicInteger();
    private RawClient client;

    /** The dialect these specs run on; the {@code …PostgresTest} subclass runs them all on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeAll
    void open() {
        client = server.client();
    }

    @AfterAll
    void closeClient() {
        client.close();
    }

    private Chatter user(String name) {
        return Chatter.register(client, name + "_" + names.incrementAndGet());
    }

    private static long randomId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 53);
    }

    private static long e2eGroup(Chatter owner) {
        return owner.ok("chats.createGroup", Map.of("title", "secret", "e2e", true)).path("chat").path("chatId")
                .asLong();
    }

    private static String groupId(Chatter who, long chat) {
        return who.ok("e2e.getGroup", Map.of("chatId", chat)).path("groupId").asText();
    }

    private static Map<String, Object> handshake(long chat, String message) {
        Map<String, Object> params = new HashMap<>();
        params.put("chatId", chat);
        params.put("message", message);
        params.put("randomId", randomId());
        return params;
    }

    /** The owner's commit at {@code epoch} adding {@code member} with a welcome for their device. */
    private static JsonNode add(Chatter owner, long chat, String group, long epoch, Chatter member, long device) {
        Map<String, Object> params = handshake(chat, FakeMls.commit(group, epoch));
        params.put("addUserIds", List.of(member.userId));
        params.put("welcome", Map.of("message", FakeMls.welcome(), "deviceIds", List.of(device)));
        return owner.ok("e2e.sendHandshake", params);
    }

    private static JsonNode updatesSince(Chatter who, long pts) {
        return who.ok("updates.getDifference", Map.of("pts", pts)).path("updates");
    }

    @Test
    void theFirstCommitOfAnEpochWinsAndALaterOneIsStale() {
        Chatter alice = user("alice");
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);

        JsonNode first = alice.ok("e2e.sendHandshake", handshake(chat, FakeMls.commit(group, 0)));
        String second = alice.error("e2e.sendHandshake", handshake(chat, FakeMls.commit(group, 0)));

        assertThat(first.path("epoch").asLong()).isEqualTo(1);
        assertThat(second).isEqualTo("STALE_EPOCH");
        assertThat(alice.ok("e2e.getGroup", Map.of("chatId", chat)).path("epoch").asLong()).isEqualTo(1);
        assertThat(alice.ok("e2e.sendHandshake", handshake(chat, FakeMls.commit(group, 1))).path("epoch").asLong())
                .isEqualTo(2);
    }

    @Test
    void ofManyConcurrentCommitsForOneEpochExactlyOneWins() throws Exception {
        Chatter alice = user("alice");
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);

        List<String> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<RawClient.HttpReply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Map<String, Object> params = handshake(chat, FakeMls.commit(group, 0));
                replies.add(pool.submit(() -> alice.call("e2e.sendHandshake", params)));
            }
            for (Future<RawClient.HttpReply> reply : replies) {
                outcomes.add(reply.get().status() == 200 ? "OK" : reply.get().errorCode());
            }
        }

        assertThat(outcomes).containsOnlyOnce("OK").containsOnly("OK", "STALE_EPOCH");
        assertThat(alice.ok("e2e.getGroup", Map.of("chatId", chat)).path("epoch").asLong()).isEqualTo(1);
        assertThat(updatesSince(alice, 0)).filteredOn(u -> u.path("type").asText().equals("e2eHandshake"))
                .hasSize(1);
    }

    @Test
    void proposalsOfTheCurrentEpochAreAcceptedInOrderWithoutAdvancingIt() {
        Chatter alice = user("alice");
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        long pts = alice.ok("updates.getState", Map.of()).path("pts").asLong();

        JsonNode p1 = alice.ok("e2e.sendHandshake", handshake(chat, FakeMls.proposal(group, 0)));
        JsonNode p2 = alice.ok("e2e.sendHandshake", handshake(chat, FakeMls.proposal(group, 0)));
        JsonNode commit = alice.ok("e2e.sendHandshake", handshake(chat, FakeMls.commit(group, 0)));

        assertThat(p1.path("epoch").asLong()).isZero();
        assertThat(p2.path("seq").asLong()).isGreaterThan(p1.path("seq").asLong());
        assertThat(commit.path("epoch").asLong()).isEqualTo(1);
        assertThat(updatesSince(alice, pts)).extracting(u -> u.path("contentType").asText())
                .containsExactly("proposal", "proposal", "commit");
        assertThat(alice.error("e2e.sendHandshake", handshake(chat, FakeMls.proposal(group, 0))))
                .isEqualTo("STALE_EPOCH");
    }

    @Test
    void aRetriedHandshakeReturnsTheAcceptedOriginal() {
        Chatter alice = user("alice");
        long chat = e2eGroup(alice);
        Map<String, Object> params = handshake(chat, FakeMls.commit(groupId(alice, chat), 0));

        JsonNode first = alice.ok("e2e.sendHandshake", params);
        JsonNode again = alice.ok("e2e.sendHandshake", params);

        assertThat(again.path("seq").asLong()).isEqualTo(first.path("seq").asLong());
        assertThat(again.path("epoch").asLong()).isEqualTo(1);
    }

    @Test
    void aCommitAddingAMemberDeliversTheirWelcomeAndMakesThemAMember() {
        Chatter alice = user("alice"), bob = user("bobby");
        registerDevice(alice, FakeMls.identityKey());
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        long bobPts = bob.ok("updates.getState", Map.of()).path("pts").asLong();

        add(alice, chat, group, 0, bob, bobDevice);

        JsonNode updates = updatesSince(bob, bobPts);
        assertThat(updates).extracting(u -> u.path("type").asText()).containsExactly("chatMembership", "e2eWelcome");
        JsonNode welcome = updates.get(1);
        assertThat(welcome.path("deviceIds")).extracting(JsonNode::asLong).containsExactly(bobDevice);
        assertThat(welcome.path("epoch").asLong()).isEqualTo(1);
        JsonNode pending = bob.ok("e2e.getWelcomes", Map.of("deviceId", bobDevice)).path("welcomes");
        assertThat(pending).singleElement().satisfies(w -> {
            assertThat(w.path("chatId").asLong()).isEqualTo(chat);
            assertThat(w.path("message").asText()).isEqualTo(welcome.path("message").asText());
        });
        assertThat(bob.ok("chats.get", Map.of("chatId", chat)).path("chat").path("e2e").asBoolean()).isTrue();
    }

    @Test
    void nobodyReadsAnotherUsersWelcomes() {
        Chatter alice = user("alice"), bob = user("bobby"), mallory = user("mallory");
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        registerDevice(mallory, FakeMls.identityKey());
        long chat = e2eGroup(alice);
        add(alice, chat, groupId(alice, chat), 0, bob, bobDevice);

        assertThat(mallory.error("e2e.getWelcomes", Map.of("deviceId", bobDevice))).isEqualTo("DEVICE_NOT_FOUND");
        assertThat(updatesSince(mallory, 0)).noneMatch(u -> u.path("type").asText().equals("e2eWelcome"));
    }

    @Test
    void aLosingCommitChangesNoMembership() {
        Chatter alice = user("alice"), bob = user("bobby"), carol = user("carol");
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        long carolDevice = registerDevice(carol, FakeMls.identityKey());
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        add(alice, chat, group, 0, bob, bobDevice);

        Map<String, Object> stale = handshake(chat, FakeMls.commit(group, 0));
        stale.put("addUserIds", List.of(carol.userId));
        stale.put("welcome", Map.of("message", FakeMls.welcome(), "deviceIds", List.of(carolDevice)));

        assertThat(alice.error("e2e.sendHandshake", stale)).isEqualTo("STALE_EPOCH");
        assertThat(carol.error("chats.get", Map.of("chatId", chat))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(carol.ok("e2e.getWelcomes", Map.of("deviceId", carolDevice)).path("welcomes")).isEmpty();
    }

    @Test
    void aRemovedMemberGetsTheCommitThatRemovesThemAndNothingAfter() {
        Chatter alice = user("alice"), bob = user("bobby");
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        add(alice, chat, group, 0, bob, bobDevice);
        long bobPts = bob.ok("updates.getState", Map.of()).path("pts").asLong();

        Map<String, Object> remove = handshake(chat, FakeMls.commit(group, 1));
        remove.put("removeUserIds", List.of(bob.userId));
        alice.ok("e2e.sendHandshake", remove);
        alice.ok("e2e.sendMessage", Map.of("chatId", chat, "ciphertext", FakeMls.application(group, 2),
                "randomId", randomId()));

        assertThat(updatesSince(bob, bobPts)).extracting(u -> u.path("type").asText())
                .containsExactly("e2eHandshake", "chatMembership");
        assertThat(bob.error("messages.getHistory", Map.of("chatId", chat))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(bob.error("e2e.sendMessage", Map.of("chatId", chat, "ciphertext", FakeMls.application(group, 2),
                "randomId", randomId()))).isEqualTo("CHAT_NOT_FOUND");
    }

    @Test
    void aDeletedEncryptedChatLeavesNoE2eRowsAndItsLogEntriesRenderAsChatDeleted() {
        Chatter alice = user("alice"), bob = user("bobby");
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        add(alice, chat, group, 0, bob, bobDevice);
        alice.ok("e2e.sendHandshake", handshake(chat, FakeMls.proposal(group, 1)));
        alice.ok("e2e.setTimer", Map.of("chatId", chat, "seconds", 60));
        long bobPts = bob.ok("updates.getState", Map.of()).path("pts").asLong();

        alice.ok("chats.leave", Map.of("chatId", chat));
        bob.ok("chats.leave", Map.of("chatId", chat));

        for (String table : List.of("e2e_groups", "e2e_handshakes", "e2e_welcomes", "e2e_welcome_recipients")) {
            long rows = server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM " + table
                    + " WHERE chat_id = :c").bind("c", chat).mapTo(Long.class).one());
            assertThat(rows).as(table).isZero();
        }
        JsonNode earlier = bob.ok("updates.getDifference", Map.of("pts", 0)).path("updates");
        assertThat(earlier).filteredOn(u -> u.path("pts").asLong() <= bobPts && u.path("chatId").asLong() == chat)
                .extracting(u -> u.path("type").asText()).hasSize(4).containsOnly("chatDeleted");
    }

    @Test
    void ciphertextGoesThroughTheMessagingCoreExactlyOnce() {
        Chatter alice = user("alice"), bob = user("bobby");
        long chat = alice.ok("chats.createPrivate", Map.of("userId", bob.userId, "e2e", true)).path("chat")
                .path("chatId").asLong();
        String group = groupId(alice, chat);
        String ciphertext = FakeMls.application(group, 0);
        Map<String, Object> send = Map.of("chatId", chat, "ciphertext", ciphertext, "randomId", randomId());

        JsonNode sent = alice.ok("e2e.sendMessage", send);
        JsonNode again = alice.ok("e2e.sendMessage", send);

        long id = sent.path("message").path("id").asLong();
        assertThat(again.path("message").path("id").asLong()).isEqualTo(id);
        assertThat(sent.path("message").path("ciphertext").asText()).isEqualTo(ciphertext);
        JsonNode history = bob.ok("messages.getHistory", Map.of("chatId", chat)).path("messages");
        assertThat(history).singleElement().satisfies(m -> {
            assertThat(m.path("ciphertext").asText()).isEqualTo(ciphertext);
            assertThat(m.path("out").asBoolean()).isFalse();
        });
        assertThat(bob.ok("messages.getDialogs", Map.of()).path("dialogs")).singleElement()
                .satisfies(d -> assertThat(d.path("unreadCount").asInt()).isEqualTo(1));
        assertThat(updatesSince(bob, 0)).singleElement().satisfies(u -> {
            assertThat(u.path("type").asText()).isEqualTo("newMessage");
            assertThat(u.path("message").path("ciphertext").asText()).isEqualTo(ciphertext);
        });
    }

    @Test
    void applicationMessagesMustBeOfTheCurrentEpoch() {
        Chatter alice = user("alice");
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        alice.ok("e2e.sendHandshake", handshake(chat, FakeMls.commit(group, 0)));

        assertThat(alice.error("e2e.sendMessage", Map.of("chatId", chat, "ciphertext", FakeMls.application(group, 0),
                "randomId", randomId()))).isEqualTo("STALE_EPOCH");
        assertThat(alice.ok("e2e.sendMessage", Map.of("chatId", chat, "ciphertext", FakeMls.application(group, 1),
                "randomId", randomId())).path("message").path("id").asLong()).isPositive();
    }

    @Test
    void nonMembersCannotReadSendOrHandshake() {
        Chatter alice = user("alice"), mallory = user("mallory");
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);

        assertThat(mallory.error("e2e.getGroup", Map.of("chatId", chat))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(mallory.error("e2e.sendHandshake", handshake(chat, FakeMls.commit(group, 0))))
                .isEqualTo("CHAT_NOT_FOUND");
        assertThat(mallory.error("e2e.sendMessage", Map.of("chatId", chat, "ciphertext",
                FakeMls.application(group, 0), "randomId", randomId()))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(mallory.error("messages.getHistory", Map.of("chatId", chat))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(mallory.error("e2e.setTimer", Map.of("chatId", chat, "seconds", 60))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(alice.ok("e2e.getGroup", Map.of("chatId", chat)).path("epoch").asLong()).isZero();
    }

    @Test
    void badMlsInputIsRefusedWithTypedErrors() {
        Chatter alice = user("alice");
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        String otherGroup = Base64.getEncoder().encodeToString(FakeMls.random(16));
        String garbage = Base64.getEncoder().encodeToString("hello, not MLS".getBytes());
        String oversized = Base64.getEncoder().encodeToString(FakeMls.random(41 * 1024));

        assertThat(alice.error("e2e.sendHandshake", handshake(chat, garbage))).isEqualTo("MLS_MESSAGE_INVALID");
        assertThat(alice.error("e2e.sendHandshake", handshake(chat, FakeMls.commit(otherGroup, 0))))
                .isEqualTo("MLS_GROUP_MISMATCH");
        assertThat(alice.error("e2e.sendHandshake", handshake(chat, FakeMls.commit(group, 5))))
                .isEqualTo("MLS_MESSAGE_INVALID");
        assertThat(alice.error("e2e.sendHandshake", handshake(chat, FakeMls.application(group, 0))))
                .isEqualTo("MLS_MESSAGE_INVALID");
        assertThat(alice.error("e2e.sendHandshake", handshake(chat, oversized))).isEqualTo("MLS_MESSAGE_TOO_LARGE");
        assertThat(alice.error("e2e.sendMessage", Map.of("chatId", chat, "ciphertext", FakeMls.commit(group, 0),
                "randomId", randomId()))).isEqualTo("MLS_MESSAGE_INVALID");
        assertThat(alice.error("e2e.sendMessage", Map.of("chatId", chat, "ciphertext", "%%%",
                "randomId", randomId()))).isEqualTo("BAD_REQUEST");
        assertThat(alice.ok("e2e.getGroup", Map.of("chatId", chat)).path("epoch").asLong()).isZero();
        assertThat(alice.ok("messages.getHistory", Map.of("chatId", chat)).path("messages")).isEmpty();
    }

    @Test
    void encryptedChatsRefuseTheCloudMethods() {
        Chatter alice = user("alice"), bob = user("bobby");
        long group = e2eGroup(alice);
        long cloud = alice.ok("chats.createGroup", Map.of("title", "cloud")).path("chat").path("chatId").asLong();

        assertThat(alice.error("messages.send", Map.of("chatId", group, "text", "plaintext", "randomId", randomId())))
                .isEqualTo("CHAT_ENCRYPTED");
        assertThat(alice.error("chats.addMember", Map.of("chatId", group, "userId", bob.userId)))
                .isEqualTo("E2E_HANDSHAKE_REQUIRED");
        assertThat(alice.error("chats.createGroup", Map.of("title", "x", "e2e", true,
                "memberIds", List.of(bob.userId)))).isEqualTo("E2E_HANDSHAKE_REQUIRED");
        assertThat(alice.error("e2e.getGroup", Map.of("chatId", cloud))).isEqualTo("CHAT_NOT_ENCRYPTED");
        // Supergroup members join without a commit, so an encrypted group stays a group.
        assertThat(alice.error("chats.convertToSupergroup", Map.of("chatId", group))).isEqualTo("CHAT_ENCRYPTED");
        assertThat(alice.ok("chats.get", Map.of("chatId", group)).path("chat").path("kind").asText())
                .isEqualTo("group");
    }

    @Test
    void addingSomeoneNeedsTheirWelcomeAndTheRightToAdd() {
        Chatter alice = user("alice"), bob = user("bobby"), carol = user("carol");
        long bobDevice = registerDevice(bob, FakeMls.identityKey());
        long carolDevice = registerDevice(carol, FakeMls.identityKey());
        long chat = e2eGroup(alice);
        String group = groupId(alice, chat);
        add(alice, chat, group, 0, bob, bobDevice);

        Map<String, Object> noWelcome = handshake(chat, FakeMls.commit(group, 1));
        noWelcome.put("addUserIds", List.of(carol.userId));
        Map<String, Object> wrongDevice = handshake(chat, FakeMls.commit(group, 1));
        wrongDevice.put("addUserIds", List.of(carol.userId));
        wrongDevice.put("welcome", Map.of("message", FakeMls.welcome(), "deviceIds", List.of(bobDevice)));
        Map<String, Object> byMember = handshake(chat, FakeMls.commit(group, 1));
        byMember.put("addUserIds", List.of(carol.userId));
        byMember.put("welcome", Map.of("message", FakeMls.welcome(), "deviceIds", List.of(carolDevice)));

        assertThat(alice.error("e2e.sendHandshake", noWelcome)).isEqualTo("BAD_REQUEST");
        assertThat(alice.error("e2e.sendHandshake", wrongDevice)).isEqualTo("BAD_REQUEST");
        assertThat(bob.error("e2e.sendHandshake", byMember)).isEqualTo("FORBIDDEN");
        assertThat(alice.ok("e2e.getGroup", Map.of("chatId", chat)).path("epoch").asLong()).isEqualTo(1);
        assertThat(carol.error("chats.get", Map.of("chatId", chat))).isEqualTo("CHAT_NOT_FOUND");
    }

    @Test
    void theTimerIsAnnouncedToMembers() {
        Chatter alice = user("alice"), bob = user("bobby");
        long chat = alice.ok("chats.createPrivate", Map.of("userId", bob.userId, "e2e", true)).path("chat")
                .path("chatId").asLong();

        bob.ok("e2e.setTimer", Map.of("chatId", chat, "seconds", 3600));

        assertThat(alice.ok("e2e.getGroup", Map.of("chatId", chat)).path("timerSeconds").asInt()).isEqualTo(3600);
        assertThat(updatesSince(alice, 0)).singleElement().satisfies(u -> {
            assertThat(u.path("type").asText()).isEqualTo("e2eTimer");
            assertThat(u.path("seconds").asInt()).isEqualTo(3600);
            assertThat(u.path("actorId").asLong()).isEqualTo(bob.userId);
        });
    }
}
