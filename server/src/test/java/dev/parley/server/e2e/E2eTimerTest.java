package dev.parley.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.config.Config;
import dev.parley.server.testing.Await;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server erases ciphertext older than a chat's disappearing-message timer. */
class E2eTimerTest {
    // Housekeeping every second, so a one-second timer shows within a few seconds.
    @RegisterExtension
    final TestServer server = TestServer.create(backend(),
            c -> c.withSync(new Config.Sync(200, 30, 100_000, 1, 7, 3000)));

    /** The dialect this spec runs on; the {@code …PostgresTest} subclass runs it on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @Test
    void ciphertextOlderThanTheTimerIsErasedByTheServer() {
        try (RawClient client = server.client()) {
            Chatter alice = Chatter.register(client, "alice"), bob = Chatter.register(client, "bobby");
            long chat = alice.ok("chats.createPrivate", Map.of("userId", bob.userId, "e2e", true)).path("chat")
                    .path("chatId").asLong();
            String group = alice.ok("e2e.getGroup", Map.of("chatId", chat)).path("groupId").asText();
            alice.ok("e2e.setTimer", Map.of("chatId", chat, "seconds", 1));
            long id = alice.ok("e2e.sendMessage", Map.of("chatId", chat, "ciphertext", FakeMls.application(group, 0),
                    "randomId", 42)).path("message").path("id").asLong();

            Await.until(Duration.ofSeconds(20), "the housekeeping erases the expired ciphertext",
                    () -> rows(chat) == 0);


            assertThat(bob.ok("messages.getHistory", Map.of("chatId", chat)).path("messages")).isEmpty();
            JsonNode updates = bob.ok("updates.getDifference", Map.of("pts", 0)).path("updates");
            assertThat(updates).anySatisfy(u -> {
                assertThat(u.path("type").asText()).isEqualTo("deleteMessages");
                assertThat(u.path("ids").get(0).asLong()).isEqualTo(id);
            });
        }
    }

    private long rows(long chat) {
        return server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM messages WHERE chat_id = :c")
                .bind("c", chat).mapTo(Long.class).one());
    }
}
