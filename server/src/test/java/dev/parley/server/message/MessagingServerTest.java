package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The messaging methods through a real server (HTTP and WebSocket, raw JSON, real SQLite). */
class MessagingServerTest {
    @RegisterExtension
    final TestServer server = TestServer.create();

    private RawClient client;
    private Chatter alice;
    private Chatter bob;
    private Chatter eve;
    private long group;
    private long chat;
    private long groupMessage;
    private long privateMessage;
    private long random = 1;

    @BeforeEach
    void setUp() {
        client = server.client();
        alice = Chatter.register(client, "alice");
        bob = Chatter.register(client, "bobby");
        eve = Chatter.register(client, "eve_x");
        group = alice.ok("chats.createGroup", Map.of("title", "club", "memberIds", List.of(bob.userId)))
                .path("chat").path("chatId").asLong();
        chat = alice.ok("chats.createPrivate", Map.of("userId", bob.userId)).path("chat").path("chatId").asLong();
        groupMessage = send(alice, group, "members only").path("id").asLong();
        privateMessage = send(alice, chat, "just us").path("id").asLong();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private JsonNode send(Chatter from, long chatId, String text) {
        return from.ok("messages.send", Map.of("chatId", chatId, "text", text, "randomId", random++))
                .path("message");
    }

    private long rows() {
        return server.database().read(h -> h.createQuery("SELECT (SELECT COUNT(*) FROM messages) "
                + "+ (SELECT COUNT(*) FROM chats) + (SELECT COUNT(*) FROM chat_members) "
                + "+ (SELECT COUNT(*) FROM chat_events) + (SELECT COUNT(*) FROM update_log) "
                + "+ (SELECT COUNT(*) FROM hidden_messages) + (SELECT COUNT(*) FROM sent_random_ids) "
                + "+ (SELECT COUNT(*) FROM blocks) + (SELECT SUM(pts) FROM user_sync_state)").mapTo(Long.class).one());
    }

    private long countOf(String table, String column, long userId) {
        Long count = server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + column
                + " = :u").bind("u", userId).mapTo(Long.class).one());
        return count;
    }

    // Under the gateway's default of 64 requests in flight per connection.
    private static final int BURST = 60;

    @Test
    void sendsPipelinedOnOneSocketLandInTheOrderTheyWereSent() {
        RawClient.Socket socket = alice.connect();
        try {
            // Sixty sends written back to back, none waiting for an answer; every other one long, with entities
            // to validate, so without the ordering rule a short one overtakes a long one now and then.
            List<Long> requestIds = new ArrayList<>();
            String padding = " " + "x".repeat(4_000);
            List<Map<String, Object>> bold = List.of(Map.of("type", "bold", "offset", 0, "length", 5));
            for (int i = 0; i < BURST; i++) {
                long id = 1_000 + i;
                requestIds.add(id);
                Map<String, Object> params = i % 2 == 0
                        ? Map.of("chatId", group, "text", "burst " + i + padding, "randomId", 5_000 + i,
                                "entities", bold)
                        : Map.of("chatId", group, "text", "burst " + i, "randomId", 5_000 + i);
                socket.sendText(client.codec().write(Map.of("id", id, "method", "messages.send", "params", params)));
            }
            List<Long> messageIds = requestIds.stream()
                    .map(id -> socket.awaitReply(id).path("result").path("message").path("id").asLong()).toList();

            assertThat(messageIds).isSorted().doesNotHaveDuplicates();
            List<String> history = new ArrayList<>();
            bob.ok("messages.getHistory", Map.of("chatId", group, "limit", BURST)).path("messages")
                    .forEach(m -> history.add(m.path("text").asText().split(" x")[0]));
            assertThat(history.reversed()).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, BURST).mapToObj(i -> "burst " + i).toList());
        } finally {
            socket.close();
        }
    }

    @Test
    void everyChatMethodAnswersAStrangerWithChatNotFoundAndNeverData() {
        long before = rows();
        for (long target : List.of(group, chat)) {
            long id = target == group ? groupMessage : privateMessage;
            Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
            calls.put("chats.get", Map.of("chatId", target));
            calls.put("chats.getMembers", Map.of("chatId", target));
            calls.put("chats.addMember", Map.of("chatId", target, "userId", eve.userId));
            calls.put("chats.removeMember", Map.of("chatId", target, "userId", bob.userId));
            calls.put("chats.leave", Map.of("chatId", target));
            calls.put("chats.editTitle", Map.of("chatId", target, "title", "pwned"));
            calls.put("chats.setRole", Map.of("chatId", target, "userId", eve.userId, "role", "admin"));
            calls.put("messages.send", Map.of("chatId", target, "text", "hi", "randomId", 999));
            calls.put("messages.forward", Map.of("fromChatId", target, "ids", List.of(id), "toChatId", target,
                    "randomIds", List.of(998)));
            calls.put("messages.edit", Map.of("chatId", target, "id", id, "text", "x"));
            calls.put("messages.delete", Map.of("chatId", target, "ids", List.of(id), "forEveryone", true));
            calls.put("messages.readHistory", Map.of("chatId", target, "maxId", id));
            calls.put("messages.getHistory", Map.of("chatId", target));
            calls.put("messages.search", Map.of("chatId", target, "query", "members"));
            calls.put("messages.setTyping", Map.of("chatId", target));
            calls.forEach((method, params) ->
                    assertThat(eve.error(method, params)).as(method).isEqualTo("CHAT_NOT_FOUND"));
        }
        assertThat(eve.ok("messages.search", Map.of("query", "members")).path("messages")).isEmpty();
        assertThat(eve.ok("messages.getDialogs", Map.of()).path("dialogs")).isEmpty();
        assertThat(eve.ok("updates.getDifference", Map.of("pts", 0)).path("updates")).isEmpty();
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aMemberCannotTouchAnotherMembersMessagesOrTheOwnersRights() {
        long before = rows();

        assertThat(bob.error("messages.edit", Map.of("chatId", group, "id", groupMessage, "text", "mine")))
                .isEqualTo("FORBIDDEN");
        assertThat(bob.error("messages.delete", Map.of("chatId", group, "ids", List.of(groupMessage),
                "forEveryone", true))).isEqualTo("FORBIDDEN");
        assertThat(bob.error("messages.delete", Map.of("chatId", chat, "ids", List.of(privateMessage),
                "forEveryone", true))).isEqualTo("FORBIDDEN");
        assertThat(bob.error("chats.removeMember", Map.of("chatId", group, "userId", alice.userId)))
                .isEqualTo("FORBIDDEN");
        assertThat(bob.error("chats.setRole", Map.of("chatId", group, "userId", bob.userId, "role", "admin")))
                .isEqualTo("FORBIDDEN");
        assertThat(bob.error("chats.editTitle", Map.of("chatId", group, "title", "bob's"))).isEqualTo("FORBIDDEN");
        assertThat(bob.error("chats.addMember", Map.of("chatId", group, "userId", eve.userId)))
                .isEqualTo("FORBIDDEN");

        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void badInputGetsTypedErrorsAndChangesNothing() {
        long before = rows();
        Map<String, Object> entityPastEnd = Map.of("chatId", group, "text", "hi", "randomId", 5,
                "entities", List.of(Map.of("type", "bold", "offset", 1, "length", 5)));
        Map<String, Object> scriptLink = Map.of("chatId", group, "text", "hi", "randomId", 5,
                "entities", List.of(Map.of("type", "link", "offset", 0, "length", 2, "url", "javascript:x")));

        assertThat(alice.error("messages.send", Map.of("chatId", group, "text", "x".repeat(4097), "randomId", 5)))
                .isEqualTo("MESSAGE_TOO_LONG");
        assertThat(alice.error("messages.send", Map.of("chatId", group, "text", "  ", "randomId", 5)))
                .isEqualTo("MESSAGE_EMPTY");
        assertThat(alice.error("messages.send", entityPastEnd)).isEqualTo("ENTITIES_INVALID");
        assertThat(alice.error("messages.send", scriptLink)).isEqualTo("ENTITIES_INVALID");
        assertThat(alice.error("messages.send", Map.of("chatId", group, "text", "hi"))).isEqualTo("BAD_REQUEST");
        assertThat(alice.error("messages.send", Map.of("chatId", "1", "text", "hi", "randomId", 5)))
                .isEqualTo("BAD_REQUEST");
        assertThat(alice.error("messages.send", Map.of("chatId", 123456789, "text", "hi", "randomId", 5)))
                .isEqualTo("CHAT_NOT_FOUND");
        assertThat(alice.error("messages.edit", Map.of("chatId", group, "id", 987654, "text", "x")))
                .isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(alice.error("messages.delete", Map.of("chatId", group, "ids", List.of(groupMessage, 987654),
                "forEveryone", true))).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(alice.error("messages.getHistory", Map.of("chatId", group, "limit", -1))).isEqualTo("BAD_REQUEST");
        assertThat(alice.error("messages.getHistory", Map.of("chatId", group, "limit", 101)))
                .isEqualTo("BAD_REQUEST");
        assertThat(alice.error("messages.getDialogs", Map.of("offset", -5))).isEqualTo("BAD_REQUEST");
        assertThat(alice.error("updates.getDifference", Map.of("pts", -1))).isEqualTo("BAD_REQUEST");
        assertThat(alice.error("updates.getDifference", Map.of("pts", 0, "limit", 0))).isEqualTo("BAD_REQUEST");
        assertThat(alice.error("chats.createGroup", Map.of("title", ""))).isEqualTo("CHAT_TITLE_INVALID");
        assertThat(alice.error("chats.createGroup", Map.of("title", "t", "memberIds", List.of(424242))))
                .isEqualTo("USER_NOT_FOUND");
        assertThat(alice.error("chats.createPrivate", Map.of("userId", 424242))).isEqualTo("USER_NOT_FOUND");
        assertThat(alice.error("contacts.resolveUsername", Map.of("username", "nobody_here")))
                .isEqualTo("USER_NOT_FOUND");
        assertThat(alice.error("messages.search", Map.of("query", "\"*(^)"))).isEqualTo("BAD_REQUEST");

        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aMessageSentOnOneDeviceReachesTheSendersOtherDeviceAsOutgoingAndThePeerAsIncoming() {
        RawClient.Socket aliceLaptop = alice.connect();
        RawClient.Socket alicePhone = alice.connect();
        RawClient.Socket bobPhone = bob.connect();

        JsonNode reply = aliceLaptop.request("messages.send", Map.of("chatId", chat, "text", "ping", "randomId", 77));

        long pts = reply.path("result").path("pts").asLong();
        JsonNode onPhone = alicePhone.awaitFrame();
        JsonNode onBob = bobPhone.awaitFrame();
        assertThat(onPhone.path("pts").asLong()).isEqualTo(pts);
        assertThat(onPhone.path("ptsCount").asInt()).isEqualTo(1);
        assertThat(onPhone.path("updates").get(0).path("type").asText()).isEqualTo("newMessage");
        assertThat(onPhone.path("updates").get(0).path("message").path("out").asBoolean()).isTrue();
        assertThat(onBob.path("updates").get(0).path("message").path("out").asBoolean()).isFalse();
        assertThat(onBob.path("updates").get(0).path("message").path("text").asText()).isEqualTo("ping");
    }

    @Test
    void aResendAfterALostAckCreatesExactlyOneMessage() {
        RawClient.Socket flaky = alice.connect();
        Map<String, Object> params = Map.of("chatId", chat, "text", "only once", "randomId", 4242);
        // The ack is lost: the first socket sends and is torn down without reading the reply.
        flaky.sendText(client.codec().write(Map.of("id", 1, "method", "messages.send", "params", params)));
        flaky.close();

        RawClient.Socket retry = alice.connect();
        JsonNode first = retry.request("messages.send", params).path("result");
        JsonNode second = alice.ok("messages.send", params);

        assertThat(second).isEqualTo(first);
        long copies = server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM messages WHERE text = "
                + "'only once'").mapTo(Long.class).one());
        assertThat(copies).isEqualTo(1);
        JsonNode bobsUpdates = bob.ok("updates.getDifference", Map.of("pts", 0)).path("updates");
        List<String> texts = new ArrayList<>();
        bobsUpdates.forEach(u -> texts.add(u.path("message").path("text").asText()));
        assertThat(texts).containsOnlyOnce("only once");
    }

    @Test
    void deletingAnAccountLeavesNoneOfItsRowsInMessagingTables() {
        bob.ok("contacts.block", Map.of("userId", alice.userId));
        alice.ok("contacts.block", Map.of("userId", eve.userId));
        alice.ok("messages.delete", Map.of("chatId", group, "ids", List.of(groupMessage), "forEveryone", false));
        send(bob, group, "bob stays");

        alice.ok("account.delete", Map.of("password", "correct horse battery"));

        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("chat_members", "user_id");
        tables.put("messages", "sender_id");
        tables.put("update_log", "user_id");
        tables.put("user_sync_state", "user_id");
        tables.put("hidden_messages", "user_id");
        tables.put("sent_random_ids", "user_id");
        tables.put("private_chats", "user_id");
        tables.put("blocks", "blocked_user_id");
        tables.put("blocks ", "user_id");
        tables.forEach((table, column) -> assertThat(countOf(table, column, alice.userId)).as(table).isZero());
        assertThat(bob.error("chats.get", Map.of("chatId", chat))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(bob.ok("chats.get", Map.of("chatId", group)).path("chat").path("myRole").asText())
                .isEqualTo("owner");
        assertThat(bob.ok("messages.getHistory", Map.of("chatId", group)).path("messages")).hasSize(1);
    }
}
