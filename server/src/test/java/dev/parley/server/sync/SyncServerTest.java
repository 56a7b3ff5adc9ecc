package dev.parley.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.message.MessageService;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sync invariants of DESIGN §5 through a real server (raw WebSocket/HTTP JSON, real SQLite). */
class SyncServerTest {
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
    void twentyConcurrentSendersIntoAGroupOfTwentyFiveGiveEveryMemberTheSameOrderWithoutGapsOrDuplicates()
            throws Exception {
        List<Chatter> members = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            members.add(Chatter.register(client, "member" + i));
        }
        Chatter owner = members.getFirst();
        long group = owner.ok("chats.createGroup", Map.of("title", "crowd", "memberIds",
                members.subList(1, 25).stream().map(m -> m.userId).toList())).path("chat").path("chatId").asLong();
        List<Long> start = members.stream().map(m -> m.ok("updates.getState", Map.of()).path("pts").asLong())
                .toList();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < 20; s++) {
                Chatter sender = members.get(s);
                senders.add(pool.submit(() -> {
                    RawClient.Socket socket = sender.connect();
                    for (int i = 0; i < 200; i++) {
                        JsonNode reply = socket.request("messages.send", Map.of("chatId", group,
                                "text", sender.username + " #" + i, "randomId", sender.userId % 1_000_000 * 1000 + i));
                        assertThat(reply.has("result")).as(reply.toString()).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        }

        List<Long> reference = null;
        for (int i = 0; i < members.size(); i++) {
            List<Long> order = messageIdsInLog(members.get(i), start.get(i));
            assertThat(order).hasSize(4000).doesNotHaveDuplicates().isSorted();
            if (reference == null) {
                reference = order;
            }
            assertThat(order).isEqualTo(reference);
        }
        for (Chatter member : List.of(members.getFirst(), members.get(12), members.getLast())) {
            assertThat(history(member, group)).isEqualTo(reference);
        }
    }

    /** Pages through the member's log from pts, checking every pts follows the last; returns new message ids. */
    private static List<Long> messageIdsInLog(Chatter member, long from) {
        List<Long> ids = new ArrayList<>();
        long pts = from;
        JsonNode page;
        do {
            page = member.ok("updates.getDifference", Map.of("pts", pts, "limit", 1000));
            for (JsonNode update : page.path("updates")) {
                assertThat(update.path("pts").asLong()).isEqualTo(pts + 1);
                pts++;
                ids.add(update.path("message").path("id").asLong());
            }
            assertThat(page.path("state").path("pts").asLong()).isEqualTo(pts);
        } while (!page.path("final").asBoolean());
        return ids;
    }

    private static List<Long> history(Chatter member, long chatId) {
        List<Long> ids = new ArrayList<>();
        long offset = 0;
        while (true) {
            JsonNode page = member.ok("messages.getHistory", Map.of("chatId", chatId, "offsetId", offset,
                    "limit", 100, "direction", "newer")).path("messages");
            if (page.isEmpty()) {
                return ids;
            }
            page.forEach(m -> ids.add(m.path("id").asLong()));
            offset = ids.getLast();
        }
    }

    @Test
    void aClientOfflineDuringFiveThousandUpdatesCatchesUpInPagesAndThenContinuesLiveWithoutDuplicates()
            throws Exception {
        Chatter alice = Chatter.register(client, "alice");
        Chatter bob = Chatter.register(client, "bobby");
        long chat = alice.ok("chats.createPrivate", Map.of("userId", bob.userId)).path("chat").path("chatId").asLong();
        long local = bob.ok("updates.getState", Map.of()).path("pts").asLong();
        MessageService messages = server.server().messaging().messages;
        // Bob is offline: 5,000 updates pile up in his log (sent through the server's own service, for speed).
        for (int i = 1; i <= 5000; i++) {
            messages.send(alice.userId, chat, "offline " + i, i, null, List.of());
        }

        RawClient.Socket bobPhone = bob.connect();
        Set<String> texts = new HashSet<>();
        List<Long> applied = new ArrayList<>();
        // Live traffic keeps coming while Bob catches up.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> live = pool.submit(() -> {
                for (int i = 1; i <= 50; i++) {
                    messages.send(alice.userId, chat, "live " + i, 100_000 + i, null, List.of());
                }
                return null;
            });
            JsonNode page;
            int pages = 0;
            do {
                page = bobPhone.request("updates.getDifference", Map.of("pts", local, "limit", 1000)).path("result");
                for (JsonNode update : page.path("updates")) {
                    local = apply(update, local, applied, texts);
                }
                pages++;
            } while (!page.path("final").asBoolean());
            assertThat(pages).isGreaterThanOrEqualTo(5);
            live.get();
        }
        long differenceEnd = local;
        // Now only pushes: each batch is either already covered by the difference (pts ≤ local) or the next one.
        while (applied.size() < 5050) {
            JsonNode batch = bobPhone.awaitFrame(Duration.ofSeconds(10));
            long pts = batch.path("pts").asLong();
            int count = batch.path("ptsCount").asInt();
            if (pts <= local) {
                continue;
            }
            assertThat(pts - count).as("a push right after the difference has no gap").isEqualTo(local);
            assertThat(pts).isGreaterThan(differenceEnd);
            for (JsonNode update : batch.path("updates")) {
                local = apply(update, local, applied, texts);
            }
        }

        assertThat(texts).hasSize(5050);
        assertThat(applied).doesNotHaveDuplicates().isSorted().hasSize(5050);
        assertThat(local).isEqualTo(bob.ok("updates.getState", Map.of()).path("pts").asLong());
    }

    private static long apply(JsonNode update, long local, List<Long> applied, Set<String> texts) {
        long pts = update.path("pts").asLong();
        assertThat(pts).isEqualTo(local + 1);
        applied.add(pts);
        assertThat(texts.add(update.path("message").path("text").asText())).as("no duplicate message").isTrue();
        return pts;
    }
}
