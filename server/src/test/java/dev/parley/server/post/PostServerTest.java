package dev.parley.server.post;

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

/** Reactions, views, pins and polls through a real server: wire shapes, per-chat pushes, typed errors. */
class PostServerTest {
    @RegisterExtension
    final TestServer server = TestServer.create();

    private RawClient client;
    private Chatter owner;
    private Chatter subscriber;
    private long chatId;

    @BeforeEach
    void open() {
        client = server.client();
        owner = Chatter.register(client, "publisher");
        subscriber = Chatter.register(client, "subscriber");
        chatId = owner.ok("channels.create", Map.of("title", "Daily", "username", "dailyposts", "kind", "channel"))
                .path("chat").path("chatId").asLong();
        subscriber.ok("channels.join", Map.of("username", "dailyposts"));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aReactionIsPushedToOnlineSubscribersAsAChannelFrameWithTheCounts() {
        long id = owner.ok("messages.send", Map.of("chatId", chatId, "text", "news", "randomId", 1))
                .path("message").path("id").asLong();
        RawClient.Socket ownerSocket = owner.connect();

        JsonNode result = subscriber.ok("messages.sendReaction", Map.of("chatId", chatId, "id", id, "reaction", "🔥"));

        assertThat(result.path("reactions").path("mine").asText()).isEqualTo("🔥");
        JsonNode frame = ownerSocket.awaitFrame();
        assertThat(frame.path("chatId").asLong()).isEqualTo(chatId);
        assertThat(frame.path("seq").asLong()).isEqualTo(id + 1);
        JsonNode update = frame.path("updates").get(0);
        assertThat(update.path("type").asText()).isEqualTo("messageReactions");
        assertThat(update.path("reactions").path("counts").get(0).path("count").asInt()).isEqualTo(1);
        assertThat(update.path("reactions").has("mine")).isFalse();
        assertThat(subscriber.error("messages.sendReaction", Map.of("chatId", chatId, "id", id, "reaction", "no no")))
                .isEqualTo("REACTION_INVALID");
        ownerSocket.close();
    }

    @Test
    void viewsPinsAndPollsOverTheWire() {
        JsonNode poll = owner.ok("messages.sendPoll", Map.of("chatId", chatId, "randomId", 2, "question", "Tea?",
                "options", List.of("yes", "no"), "anonymous", false));
        long id = poll.path("message").path("id").asLong();
        assertThat(poll.path("message").path("poll").path("options")).hasSize(2);

        subscriber.ok("messages.vote", Map.of("chatId", chatId, "id", id, "options", List.of(0)));
        subscriber.ok("messages.getMessagesViews", Map.of("chatId", chatId, "ids", List.of(id), "increment", true));
        owner.ok("messages.pin", Map.of("chatId", chatId, "id", id));

        JsonNode pinned = subscriber.ok("messages.getPinned", Map.of("chatId", chatId)).path("messages").get(0);
        assertThat(pinned.path("pinned").asBoolean()).isTrue();
        assertThat(pinned.path("views").asInt()).isEqualTo(1);
        assertThat(pinned.path("poll").path("chosen").get(0).asInt()).isZero();
        assertThat(owner.ok("messages.getPollVoters", Map.of("chatId", chatId, "id", id)).path("voters").get(0)
                .path("userId").asLong()).isEqualTo(subscriber.userId);
        assertThat(subscriber.error("messages.pin", Map.of("chatId", chatId, "id", id))).isEqualTo("FORBIDDEN");
        assertThat(subscriber.error("messages.vote", Map.of("chatId", chatId, "id", id, "options", List.of(0, 1))))
                .isEqualTo("POLL_OPTION_INVALID");
        owner.ok("messages.closePoll", Map.of("chatId", chatId, "id", id));
        assertThat(subscriber.error("messages.vote", Map.of("chatId", chatId, "id", id, "options", List.of(1))))
                .isEqualTo("POLL_CLOSED");
        assertThat(owner.error("messages.sendPoll", Map.of("chatId", chatId, "randomId", 3, "question", "Q",
                "options", List.of("only one")))).isEqualTo("BAD_REQUEST");
    }
}
