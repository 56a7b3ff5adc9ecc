package dev.parley.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.Cluster;
import dev.parley.server.testing.Follower;
import dev.parley.server.testing.NodeProcess;
import dev.parley.server.testing.RawClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of one node under load (DESIGN §7): three nodes on one PostgreSQL and one NATS, the victim a
 * separate operating-system process (the other two run in this JVM, which saves two JVM start-ups on a small CI
 * machine); the killed node's clients fail over to another node and, with the same random ids and getDifference, end
 * up with every acknowledged message exactly once, in the same order as everyone else.
 */
class NodeCrashTest {
    private static final int MEMBERS = 6;
    private static final int PER_SENDER = 25;

    @Test
    void killingANodeUnderLoadLosesNoAcknowledgedMessageAndItsClientsCatchUpElsewhere() throws Exception {
        try (Cluster survivors = Cluster.start(2); Nodes nodes = new Nodes(survivors)) {
            // Given six members spread over three node processes, each with a device following them
            List<Chatter> members = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                members.add(Chatter.register(nodes.clients.get(i % 3), "crash" + i));
            }
            long group = members.getFirst().ok("chats.createGroup", Map.of("title", "crash", "memberIds",
                    members.subList(1, MEMBERS).stream().map(m -> m.userId).toList())).path("chat").path("chatId")
                    .asLong();
            List<Follower> followers = new ArrayList<>();
            try {
                for (int i = 0; i < MEMBERS; i++) {
                    followers.add(new Follower(failOverOrder(members.get(i), nodes.clients, i % 3),
                            pts(members.get(i))));
                }

                // When every member sends through their node, and node 0 is killed once a third of the load is done
                Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
                CountDownLatch aThirdDone = new CountDownLatch(MEMBERS * PER_SENDER / 3);
                CountDownLatch killed = new CountDownLatch(1);
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> senders = new ArrayList<>();
                    for (int s = 0; s < MEMBERS; s++) {
                        List<Chatter> route = failOverOrder(members.get(s), nodes.clients, s % 3);
                        senders.add(pool.submit(() -> {
                            int node = 0;
                            for (int i = 0; i < PER_SENDER; i++) {
                                Map<String, Object> params = Map.of("chatId", group, "text", "m" + i, "randomId",
                                        10_000 + i);
                                while (true) {
                                    try {
                                        long id = route.get(node).ok("messages.send", params).path("message")
                                                .path("id").asLong();
                                        acknowledged.add(id);
                                        aThirdDone.countDown();
                                        break;
                                    } catch (java.io.UncheckedIOException transportFailure) {
                                        // The node is gone: resend the same random id through the next one.
                                        node = (node + 1) % route.size();
                                    }
                                }
                            }
                            return null;
                        }));
                    }
                    pool.submit(() -> {
                        aThirdDone.await();
                        nodes.victim.kill();
                        killed.countDown();
                        return null;
                    });
                    for (Future<?> sender : senders) {
                        sender.get(2, TimeUnit.MINUTES);
                    }
                }
                assertThat(killed.await(0, TimeUnit.SECONDS)).as("node 0 was killed under load").isTrue();

                // Then every device has every acknowledged message exactly once, in one order
                List<Long> reference = null;
                for (int i = 0; i < MEMBERS; i++) {
                    Follower follower = followers.get(i);
                    follower.awaitPts(pts(members.get(i).on(nodes.clients.get(1))), Duration.ofSeconds(60));
                    List<Long> order = follower.messageIds(group);
                    assertThat(order).hasSize(MEMBERS * PER_SENDER).doesNotHaveDuplicates().isSorted()
                            .containsAll(acknowledged);
                    reference = reference == null ? order : reference;
                    assertThat(order).isEqualTo(reference);
                }
                assertThat(acknowledged).hasSize(MEMBERS * PER_SENDER);
                // The devices that were on the killed node moved to another one.
                for (int i = 0; i < MEMBERS; i += 3) {
                    assertThat(followers.get(i).reconnects()).as("reconnects of member %d", i).isPositive();
                }
            } finally {
                followers.forEach(Follower::close);
            }
        }
    }

    /** The member on node {@code first}, then the other nodes in turn. */
    private static List<Chatter> failOverOrder(Chatter member, List<RawClient> clients, int first) {
        List<Chatter> order = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            order.add(member.on(clients.get((first + i) % clients.size())));
        }
        return order;
    }

    private static long pts(Chatter user) {
        return user.ok("updates.getState", Map.of()).path("pts").asLong();
    }

    /** Node 0 is a process (the victim), nodes 1 and 2 are the cluster's in-JVM nodes; a client for each. */
    private static final class Nodes implements AutoCloseable {
        final NodeProcess victim;
        final List<RawClient> clients = new ArrayList<>();

        Nodes(Cluster survivors) {
            victim = new NodeProcess(3, survivors.databaseUrl(), Cluster.NATS_URL);
            clients.add(new RawClient(victim.httpUri()));
            clients.add(survivors.client(0));
            clients.add(survivors.client(1));
        }

        @Override
        public void close() {
            clients.getFirst().close();
            victim.close();
        }
    }
}
