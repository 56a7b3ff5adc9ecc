package dev.parley.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.gateway.ConnectionRegistry;
import dev.parley.server.testing.Await;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.Cluster;
import dev.parley.server.testing.Follower;
import dev.parley.server.testing.RawClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one PostgreSQL and one NATS server (DESIGN §7), clients spread across them: one order everywhere,
 * interest-based delivery, and revocation that reaches every node.
 */
class ClusterTest {
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void twentyConcurrentSendersOnThreeNodesGiveEveryMemberTheSameOrderWithoutGapsOrDuplicates() throws Exception {
        // Given 20 members registered on different nodes, each following the group on node i % 3 …
        List<Chatter> members = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            members.add(Chatter.register(cluster.client(i % 3), "crowd" + i));
        }
        long group = members.getFirst().ok("chats.createGroup", Map.of("title", "crowd", "memberIds",
                members.subList(1, 20).stream().map(m -> m.userId).toList())).path("chat").path("chatId").asLong();
        List<Follower> followers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Chatter member = members.get(i);
                long start = member.ok("updates.getState", Map.of()).path("pts").asLong();
                followers.add(new Follower(cluster.everywhere(member, i % 3), start));
            }

            // … when all 20 send at once, each through a node other than the one its own device follows on …
            int perSender = 10;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> senders = new ArrayList<>();
                for (int s = 0; s < 20; s++) {
                    Chatter sender = members.get(s).on(cluster.client((s + 1) % 3));
                    senders.add(pool.submit(() -> {
                        for (int i = 0; i < perSender; i++) {
                            sender.ok("messages.send", Map.of("chatId", group, "text", sender.username + " #" + i,
                                    "randomId", 1_000_000 + i));
                        }
                        return null;
                    }));
                }
                for (Future<?> sender : senders) {
                    sender.get();
                }
            }

            // … then every device converges to the same 200 messages in one order, mostly by push across nodes.
            List<Long> reference = null;
            for (int i = 0; i < 20; i++) {
                Follower follower = followers.get(i);
                follower.awaitPts(members.get(i).ok("updates.getState", Map.of()).path("pts").asLong(), CONVERGE);
                List<Long> order = follower.messageIds(group);
                assertThat(order).hasSize(20 * perSender).doesNotHaveDuplicates().isSorted();
                reference = reference == null ? order : reference;
                assertThat(order).isEqualTo(reference);
                assertThat(follower.pushed()).as("updates pushed to member %d", i).isPositive();
            }
            // No gaps: the message ids are exactly the chat's events after its creation, in seq order.
            JsonNode chat = members.getFirst().ok("chats.get", Map.of("chatId", group)).path("chat");
            assertThat(chat.has("seq")).as("chats.get result %s", chat).isTrue();
            long lastSeq = chat.path("seq").asLong();
            assertThat(reference.getLast()).isEqualTo(lastSeq);
            assertThat(reference.getLast() - reference.getFirst() + 1).isEqualTo(reference.size());
        } finally {
            followers.forEach(Follower::close);
        }
    }

    @Test
    void aNodeSubscribesToAUserOnlyWhileTheUserIsConnectedThereAndReceivesNothingElse() {
        // Given alice connected to node 0 only, and bob sending from node 1
        Chatter alice = Chatter.register(cluster.client(0), "interest_alice");
        Chatter bob = Chatter.register(cluster.client(1), "interest_bob");
        long chat = bob.ok("chats.createPrivate", Map.of("userId", alice.userId)).path("chat").path("chatId")
                .asLong();
        RawClient.Socket socket = alice.connect();
        assertThat(cluster.bus(0).subscribedUsers()).contains(alice.userId);
        assertThat(cluster.bus(1).subscribedUsers()).doesNotContain(alice.userId);
        assertThat(cluster.bus(2).subscribedUsers()).doesNotContain(alice.userId, bob.userId);

        // When bob sends her a message
        bob.ok("messages.send", Map.of("chatId", chat, "text", "only node 0 needs this", "randomId", 1));

        // Then it reaches her socket on node 0 through NATS
        JsonNode push = socket.awaitFrame(Duration.ofSeconds(10));
        assertThat(push.path("updates").get(0).path("message").path("text").asText())
                .isEqualTo("only node 0 needs this");
        // And once she disconnects, node 0 drops its interest in her
        socket.close();
        awaitUntil(() -> !cluster.bus(0).subscribedUsers().contains(alice.userId));
    }

    @Test
    void revokingASessionOnOneNodeClosesItsSocketOnAnother() {
        // Given carol's session with a live socket on node 2
        Chatter carol = Chatter.register(cluster.client(0), "revoked_carol");
        RawClient.Socket socket = carol.on(cluster.client(2)).connect();

        // When she logs that session out through node 0
        carol.ok("auth.logout", Map.of());

        // Then node 2 closes the socket as revoked
        assertThat(socket.awaitClose(Duration.ofSeconds(10)).code())
                .isEqualTo(ConnectionRegistry.CLOSE_SESSION_REVOKED);
    }

    @Test
    void aChannelPostReachesASubscriberOnAnotherNodeThroughTheChatSubject() {
        // Given a channel owned on node 0 and a subscriber with a live socket on node 2
        Chatter owner = Chatter.register(cluster.client(0), "channel_owner");
        Chatter reader = Chatter.register(cluster.client(2), "channel_reader");
        long chatId = owner.ok("channels.create", Map.of("title", "Cluster news", "username", "clusternews",
                "kind", "channel")).path("chat").path("chatId").asLong();
        reader.ok("channels.join", Map.of("username", "clusternews"));
        RawClient.Socket socket = reader.connect();

        // When the owner posts through node 1
        JsonNode sent = owner.on(cluster.client(1)).ok("messages.send", Map.of("chatId", chatId, "text", "hello all",
                "randomId", 7));

        // Then the subscriber's socket on node 2 gets the post with the channel's seq
        JsonNode frame = socket.awaitFrame(Duration.ofSeconds(10));
        assertThat(frame.path("chatId").asLong()).isEqualTo(chatId);
        assertThat(frame.path("seq").asLong()).isEqualTo(sent.path("message").path("id").asLong());
        socket.close();
    }

    @Test
    void aNodeListensToAChannelOnlyWhileOneOfItsSubscribersIsOnlineThere() {
        // Given a channel whose subscriber is online on node 2, and witnesses online on nodes 0 and 2
        Chatter owner = Chatter.register(cluster.client(1), "listen_owner");
        Chatter reader = Chatter.register(cluster.client(2), "listen_reader");
        Chatter witnessOn0 = Chatter.register(cluster.client(0), "listen_witness0");
        Chatter witnessOn2 = Chatter.register(cluster.client(2), "listen_witness2");
        long chatId = owner.ok("channels.create", Map.of("title", "Interest", "username", "listennews",
                "kind", "channel")).path("chat").path("chatId").asLong();
        reader.ok("channels.join", Map.of("username", "listennews"));
        long toWitness0 = owner.ok("chats.createPrivate", Map.of("userId", witnessOn0.userId)).path("chat")
                .path("chatId").asLong();
        long toWitness2 = owner.ok("chats.createPrivate", Map.of("userId", witnessOn2.userId)).path("chat")
                .path("chatId").asLong();
        RawClient.Socket readerSocket = reader.connect();
        RawClient.Socket witness0 = witnessOn0.connect();
        RawClient.Socket witness2 = witnessOn2.connect();
        assertThat(cluster.bus(2).subscribedChats()).contains(chatId);
        assertThat(cluster.bus(0).subscribedChats()).doesNotContain(chatId);
        long node0Before = cluster.bus(0).chatPostsReceived();
        long node2Before = cluster.bus(2).chatPostsReceived();

        // When the owner posts through node 1, then messages the witness on node 0 through node 1 as well
        owner.ok("messages.send", Map.of("chatId", chatId, "text", "first post", "randomId", 11));
        owner.ok("messages.send", Map.of("chatId", toWitness0, "text", "marker 0", "randomId", 12));

        // Then node 2 got the post for its subscriber, and node 0 did not: NATS keeps one publisher's order to each
        // subscriber, so had node 0 listened to the channel, the post would have reached it before the marker
        assertThat(readerSocket.awaitFrame(Duration.ofSeconds(10)).path("chatId").asLong()).isEqualTo(chatId);
        assertThat(witness0.awaitFrame(Duration.ofSeconds(10)).toString()).contains("marker 0");
        assertThat(cluster.bus(2).chatPostsReceived()).isEqualTo(node2Before + 1);
        assertThat(cluster.bus(0).chatPostsReceived()).isEqualTo(node0Before);

        // And once the subscriber goes offline, node 2 stops listening: a later post does not reach it
        readerSocket.close();
        awaitUntil(() -> !cluster.bus(2).subscribedChats().contains(chatId));
        owner.ok("messages.send", Map.of("chatId", chatId, "text", "second post", "randomId", 13));
        owner.ok("messages.send", Map.of("chatId", toWitness2, "text", "marker 2", "randomId", 14));
        assertThat(witness2.awaitFrame(Duration.ofSeconds(10)).toString()).contains("marker 2");
        assertThat(cluster.bus(2).chatPostsReceived()).isEqualTo(node2Before + 1);
        witness0.close();
        witness2.close();
    }

    /** Waits for a condition the cluster reaches asynchronously (a NATS round trip), failing after ten seconds. */
    static void awaitUntil(java.util.function.BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(10), "cluster condition", condition);
    }
}
