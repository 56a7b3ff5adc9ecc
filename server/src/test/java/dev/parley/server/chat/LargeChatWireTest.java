package dev.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through a real server: a forward into a channel reaches an online subscriber as a per-chat frame; a subscriber's
 * comment in the discussion group reaches the group's online members; chats.get carries myRights on the wire.
 */
class LargeChatWireTest {
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

    private static long create(Chatter owner, String title, String username, String kind) {
        return owner.ok("channels.create", Map.of("title", title, "username", username, "kind", kind))
                .path("chat").path("chatId").asLong();
    }

    @Test
    void aForwardIntoAChannelIsPushedToOnlineSubscribersAsTheChannels() {
        Chatter owner = Chatter.register(client, "fwdowner");
        Chatter reader = Chatter.register(client, "fwdreader");
        long channel = create(owner, "News", "fwdnews", "channel");
        long source = create(owner, "Source", "fwdsource", "supergroup");
        reader.ok("channels.join", Map.of("username", "fwdnews"));
        long original = owner.ok("messages.send", Map.of("chatId", source, "text", "share me", "randomId", 1))
                .path("message").path("id").asLong();
        RawClient.Socket socket = reader.connect();

        JsonNode result = owner.ok("messages.forward", Map.of("fromChatId", source, "ids", List.of(original),
                "toChatId", channel, "randomIds", List.of(2)));
        JsonNode frame = socket.awaitFrame();

        long id = result.path("messages").get(0).path("id").asLong();
        assertThat(frame.path("chatId").asLong()).isEqualTo(channel);
        assertThat(frame.path("seq").asLong()).isEqualTo(id);
        JsonNode message = frame.path("updates").get(0).path("message");
        assertThat(message.path("text").asText()).isEqualTo("share me");
        assertThat(message.has("senderId")).isFalse();
        assertThat(message.path("forward").path("fromChatId").asLong()).isEqualTo(source);
        assertThat(reader.error("messages.forward", Map.of("fromChatId", channel, "ids", List.of(id),
                "toChatId", channel, "randomIds", List.of(3)))).isEqualTo("FORBIDDEN");
        socket.close();
    }

    @Test
    void aSubscribersCommentReachesTheGroupAndMyRightsAreOnTheWire() {
        Chatter owner = Chatter.register(client, "cmtowner");
        Chatter fan = Chatter.register(client, "cmtfan");
        long channel = create(owner, "News", "cmtnews", "channel");
        long group = create(owner, "Talk", "cmttalk", "supergroup");
        owner.ok("channels.setDiscussionGroup", Map.of("channelId", channel, "groupId", group));
        fan.ok("channels.join", Map.of("username", "cmtnews"));
        long post = owner.ok("messages.send", Map.of("chatId", channel, "text", "news", "randomId", 1))
                .path("message").path("id").asLong();
        long root = fan.ok("messages.getReplies", Map.of("chatId", channel, "msgId", post)).path("rootId").asLong();
        RawClient.Socket ownerSocket = owner.connect();

        JsonNode sent = fan.ok("messages.send", Map.of("chatId", group, "text", "first", "randomId", 2,
                "replyToId", root));
        JsonNode frame = ownerSocket.awaitFrame();

        assertThat(frame.path("chatId").asLong()).isEqualTo(group);
        assertThat(frame.path("updates").get(0).path("message").path("id").asLong())
                .isEqualTo(sent.path("message").path("id").asLong());
        assertThat(fan.error("chats.get", Map.of("chatId", group))).isEqualTo("CHAT_NOT_FOUND");
        JsonNode mine = fan.ok("chats.get", Map.of("chatId", channel)).path("chat").path("myRights");
        assertThat(mine.path("permissions").path("sendMessages").asBoolean()).isFalse();
        assertThat(mine.has("adminRights")).isFalse();
        JsonNode owners = owner.ok("chats.get", Map.of("chatId", group)).path("chat").path("myRights");
        assertThat(owners.path("adminRights").path("banUsers").asBoolean()).isTrue();
        ownerSocket.close();

        // Banned from the channel, the subscriber's device hears of it at once (channels have no membership events).
        RawClient.Socket fanSocket = fan.connect();
        owner.ok("chats.banMember", Map.of("chatId", channel, "userId", fan.userId));
        JsonNode gone = fanSocket.awaitFrame();
        assertThat(gone.path("updates").get(0).path("type").asText()).isEqualTo("chatDeleted");
        assertThat(gone.path("updates").get(0).path("chatId").asLong()).isEqualTo(channel);
        assertThat(fan.error("chats.get", Map.of("chatId", channel))).isEqualTo("CHAT_NOT_FOUND");
        fanSocket.close();
    }
}
