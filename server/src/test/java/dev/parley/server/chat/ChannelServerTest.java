package dev.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channels through a real server: per-chat push to online subscribers over real WebSockets, the wire shapes. */
class ChannelServerTest {
    private static final int ONLINE = 50;
    private static final int OFFLINE = 950;

    @RegisterExtension
    final TestServer server = TestServer.create();

    private RawClient client;

    @BeforeEach
    void open() {
        client = server.client();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aPostToAThousandSubscriberChannelReachesEveryOnlineSubscriberOnceAsAChannelBatch() throws Exception {
        Chatter owner = Chatter.register(client, "publisher");
        long chatId = owner.ok("channels.create", Map.of("title", "Daily", "username", "dailynews",
                "kind", "channel")).path("chat").path("chatId").asLong();
        // Offline subscribers only cost a membership row; they join through the service (no accounts needed).
        ChannelService channels = server.server().messaging().channels;
        for (int i = 0; i < OFFLINE; i++) {
            channels.join(9_000_000_000L + i, chatId, null);
        }
        List<RawClient.Socket> sockets = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RawClient.Socket>> joining = new ArrayList<>();
            for (int i = 0; i < ONLINE; i++) {
                String name = "subscriber" + i;
                // Half join before connecting (the index is built on registration), half while online.
                boolean joinFirst = i % 2 == 0;
                joining.add(pool.submit(() -> {
                    Chatter subscriber = Chatter.register(client, name);
                    if (joinFirst) {
                        subscriber.ok("channels.join", Map.of("username", "dailynews"));
                    }
                    RawClient.Socket socket = subscriber.connect();
                    if (!joinFirst) {
                        subscriber.ok("channels.join", Map.of("chatId", chatId));
                    }
                    return socket;
                }));
            }
            for (Future<RawClient.Socket> f : joining) {
                sockets.add(f.get());
            }
        }
        RawClient.Socket ownerSocket = owner.connect();
        assertThat(owner.ok("chats.get", Map.of("chatId", chatId)).path("chat").path("memberCount").asInt())
                .isEqualTo(1 + OFFLINE + ONLINE);

        JsonNode sent = owner.ok("messages.send", Map.of("chatId", chatId, "text", "breaking", "randomId", 42));
        long seq = sent.path("message").path("id").asLong();

        for (RawClient.Socket socket : sockets) {
            JsonNode frame = socket.awaitFrame();
            assertThat(frame.path("chatId").asLong()).isEqualTo(chatId);
            assertThat(frame.path("seq").asLong()).isEqualTo(seq);
            assertThat(frame.path("seqCount").asInt()).isEqualTo(1);
            JsonNode update = frame.path("updates").get(0);
            assertThat(update.path("type").asText()).isEqualTo("newMessage");
            assertThat(update.path("message").path("text").asText()).isEqualTo("breaking");
            assertThat(update.path("message").path("out").asBoolean()).isFalse();
            assertThat(update.path("message").has("senderId")).isFalse();
        }
        JsonNode own = ownerSocket.awaitFrame();
        assertThat(own.path("updates").get(0).path("message").path("out").asBoolean()).isTrue();
        sockets.forEach(RawClient.Socket::close);
        ownerSocket.close();
    }

    @Test
    void aReconnectingSubscriberCatchesUpFromChannelStatesAndGetDifference() {
        Chatter owner = Chatter.register(client, "publisher");
        Chatter reader = Chatter.register(client, "reader");
        long chatId = owner.ok("channels.create", Map.of("title", "Quiet", "kind", "supergroup"))
                .path("chat").path("chatId").asLong();

        assertThat(reader.error("channels.getDifference", Map.of("chatId", chatId, "fromSeq", 0)))
                .isEqualTo("CHAT_NOT_FOUND");
        assertThat(reader.error("channels.join", Map.of("chatId", chatId))).isEqualTo("CHAT_NOT_FOUND");
        assertThat(reader.error("channels.join", Map.of("chatId", chatId, "username", "both")))
                .isEqualTo("BAD_REQUEST");
        owner.ok("messages.send", Map.of("chatId", chatId, "text", "one", "randomId", 1, "silent", true));

        JsonNode states = owner.ok("updates.getChannelStates", Map.of()).path("states");
        assertThat(states).hasSize(1);
        assertThat(states.get(0).path("seq").asLong()).isEqualTo(2);
        JsonNode diff = owner.ok("channels.getDifference", Map.of("chatId", chatId, "fromSeq", 1, "limit", 5));
        assertThat(diff.path("final").asBoolean()).isTrue();
        assertThat(diff.path("seq").asLong()).isEqualTo(2);
        assertThat(diff.path("updates").get(0).path("message").path("silent").asBoolean()).isTrue();
        assertThat(diff.path("updates").get(0).path("pts").asLong()).isEqualTo(2);
    }

    @Test
    void editsAndDeletesInASupergroupArePushedPerChatWithTheirSeq() {
        Chatter owner = Chatter.register(client, "moderator");
        Chatter member = Chatter.register(client, "talker");
        long chatId = owner.ok("channels.create", Map.of("title", "Talk", "username", "talkroom",
                "kind", "supergroup")).path("chat").path("chatId").asLong();
        member.ok("channels.join", Map.of("username", "talkroom"));
        RawClient.Socket socket = member.connect();
        long id = owner.ok("messages.send", Map.of("chatId", chatId, "text", "typo", "randomId", 5))
                .path("message").path("id").asLong();
        assertThat(socket.awaitFrame().path("seq").asLong()).isEqualTo(id);

        owner.ok("messages.edit", Map.of("chatId", chatId, "id", id, "text", "fixed"));
        JsonNode edit = socket.awaitFrame();
        owner.ok("messages.delete", Map.of("chatId", chatId, "ids", List.of(id), "forEveryone", true));
        JsonNode delete = socket.awaitFrame();

        assertThat(edit.path("seq").asLong()).isEqualTo(id + 1);
        assertThat(edit.path("updates").get(0).path("type").asText()).isEqualTo("editMessage");
        assertThat(edit.path("updates").get(0).path("message").path("text").asText()).isEqualTo("fixed");
        assertThat(delete.path("seq").asLong()).isEqualTo(id + 2);
        assertThat(delete.path("updates").get(0).path("ids").get(0).asLong()).isEqualTo(id);
        JsonNode diff = member.ok("channels.getDifference", Map.of("chatId", chatId, "fromSeq", id - 1));
        assertThat(diff.path("updates")).hasSize(3);
        assertThat(diff.path("updates").get(0).path("message").path("deleted").asBoolean()).isTrue();
        socket.close();
    }

    @Test
    void appointingAnAdminAndBanningAMemberArePushedPerChatWithTheirSeq() {
        Chatter owner = Chatter.register(client, "warden");
        Chatter member = Chatter.register(client, "deputy");
        Chatter other = Chatter.register(client, "bystander");
        long chatId = owner.ok("channels.create", Map.of("title", "Watch", "username", "watchroom",
                "kind", "supergroup")).path("chat").path("chatId").asLong();
        member.ok("channels.join", Map.of("username", "watchroom"));
        other.ok("channels.join", Map.of("username", "watchroom"));
        RawClient.Socket memberSocket = member.connect();
        RawClient.Socket otherSocket = other.connect();
        long seq = owner.ok("chats.get", Map.of("chatId", chatId)).path("chat").path("seq").asLong();

        owner.ok("chats.setAdmin", Map.of("chatId", chatId, "userId", member.userId,
                "rights", Map.of("pinMessages", true)));
        JsonNode promoted = memberSocket.awaitFrame();
        assertThat(promoted.path("seq").asLong()).isEqualTo(seq + 1);
        assertThat(promoted.path("updates").get(0).path("type").asText()).isEqualTo("chatRole");
        assertThat(promoted.path("updates").get(0).path("role").asText()).isEqualTo("admin");
        assertThat(otherSocket.awaitFrame().path("seq").asLong()).isEqualTo(seq + 1);

        owner.ok("chats.banMember", Map.of("chatId", chatId, "userId", other.userId));
        JsonNode removed = otherSocket.awaitFrame();
        assertThat(removed.path("seq").asLong()).isEqualTo(seq + 2);
        assertThat(removed.path("updates").get(0).path("type").asText()).isEqualTo("chatMembership");
        assertThat(removed.path("updates").get(0).path("action").asText()).isEqualTo("removed");
        assertThat(memberSocket.awaitFrame().path("seq").asLong()).isEqualTo(seq + 2);
        JsonNode diff = member.ok("channels.getDifference", Map.of("chatId", chatId, "fromSeq", seq));
        assertThat(diff.path("updates")).hasSize(2);
        memberSocket.close();
        otherSocket.close();
    }

    @Test
    void aJoinAndAnApprovedJoinRequestArePushedPerChatAndReachTheApprovedMember() {
        Chatter owner = Chatter.register(client, "doorkeeper");
        Chatter early = Chatter.register(client, "earlybird");
        Chatter asker = Chatter.register(client, "knocker");
        long chatId = owner.ok("channels.create", Map.of("title", "Porch", "username", "porchroom",
                "kind", "supergroup")).path("chat").path("chatId").asLong();
        RawClient.Socket ownerSocket = owner.connect();
        long joinedSeq = early.ok("channels.join", Map.of("username", "porchroom")).path("chat").path("seq").asLong();
        JsonNode joined = ownerSocket.awaitFrame();
        assertThat(joined.path("seq").asLong()).isEqualTo(joinedSeq);
        assertThat(joined.path("updates").get(0).path("action").asText()).isEqualTo("joined");

        String token = owner.ok("chats.createInvite", Map.of("chatId", chatId, "requestNeeded", true))
                .path("token").asText();
        assertThat(asker.ok("channels.joinByInvite", Map.of("token", token)).path("status").asText())
                .isEqualTo("requested");
        RawClient.Socket askerSocket = asker.connect();
        owner.ok("chats.decideJoinRequest", Map.of("chatId", chatId, "userId", asker.userId, "approve", true));
        JsonNode added = askerSocket.awaitFrame();
        assertThat(added.path("chatId").asLong()).isEqualTo(chatId);
        assertThat(added.path("seq").asLong()).isEqualTo(joinedSeq + 1);
        assertThat(added.path("updates").get(0).path("action").asText()).isEqualTo("added");
        assertThat(added.path("updates").get(0).path("actorId").asLong()).isEqualTo(owner.userId);
        assertThat(ownerSocket.awaitFrame().path("seq").asLong()).isEqualTo(joinedSeq + 1);
        ownerSocket.close();
        askerSocket.close();
    }
}
