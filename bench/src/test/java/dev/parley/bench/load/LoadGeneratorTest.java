package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generator against a real in-process server: tiny counts, so {@code mvn verify} covers the harness. */
class LoadGeneratorTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();

    @Test
    void registeredUsersHoldAuthenticatedConnectionsFromSeveralSourceAddresses() throws Exception {
        // given six registered users and a generator connecting from 127.0.0.1–127.0.0.3
        try (LoadGenerator generator = new LoadGenerator(server.wsUri(), 1, 3)) {
            List<Users.User> users = Users.register(generator, 6, Users.runPrefix(), Duration.ofSeconds(30));

            // when each opens a connection and says hello with its token
            List<WsConnection> open = generator.openMany(users.size(), _ -> WsConnection.IGNORE, Users.hello(users),
                    Duration.ofSeconds(30));

            // then all six are open and registered with the server as authenticated connections
            assertThat(open).hasSize(6).allMatch(WsConnection::isOpen);
            assertThat(users).extracting(Users.User::userId).doesNotHaveDuplicates().allMatch(id -> id > 0);
            assertThat(server.server().connections().size()).isEqualTo(6);
            assertThat(open.getFirst().result("help.getConfig", "{}").join().has("maxFrameBytes")).isTrue();
            open.forEach(WsConnection::close);
        }
    }

    @Test
    void theMessagingLoadDeliversEverySentMessageToItsPeerAndTimesIt() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(server.wsUri(), 1, 2)) {
            // given four clients in two private chats
            List<Users.User> users = Users.register(generator, 4, Users.runPrefix(), Duration.ofSeconds(30));
            try (MessagingLoad load = MessagingLoad.open(generator, users, Duration.ofSeconds(30))) {

                // when they send 40 messages/s for two seconds (one of them measured)
                MessagingLoad.Window window = load.run(40, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(30));

                // then every message was acknowledged and reached its recipient, each timed in the window
                assertThat(window.errors()).isEmpty();
                assertThat(window.sent()).isBetween(30L, 50L);
                assertThat(load.awaitDrained(Duration.ofSeconds(30))).isTrue();
                long[] totals = load.totals();
                assertThat(totals[0]).isBetween(70L, 90L);
                assertThat(totals[1]).isEqualTo(totals[0]);
                assertThat(totals[2]).isEqualTo(totals[0]);
                assertThat(window.delivered()).isBetween(30L, 50L);
                assertThat(window.acked()).isBetween(30L, 50L);
            }
        }
    }

    @Test
    void aReconnectingReaderFetchesEveryMissedUpdateInPages() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(server.wsUri(), 1, 2)) {
            // given a reader that missed 2 × 5 messages while offline
            List<Users.User> users = Users.register(generator, 3, Users.runPrefix(), Duration.ofSeconds(30));
            long fromPts = CatchupCommand.prepare(generator, users, 5,
                    new java.io.PrintWriter(java.io.Writer.nullWriter()));

            // when it reconnects and pages through the difference, 4 updates at a time
            CatchupCommand.Catchup catchup = CatchupCommand.catchUp(generator, users.getFirst(), fromPts, 4);

            // then it got all ten in three pages
            assertThat(catchup.updates()).isEqualTo(10);
            assertThat(catchup.pages()).isEqualTo(3);
            assertThat(catchup.totalMs()).isGreaterThanOrEqualTo(catchup.differenceMs()).isPositive();
        }
    }

    @Test
    void aChannelPostReachesEverySubscriberConnectionAcrossGeneratorProcessesOnce() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(server.wsUri(), 1, 2)) {
            // given a channel whose owner posts to five subscribers, held two per process: this JVM and two children
            List<Users.User> users = Users.register(generator, 6, Users.runPrefix(), Duration.ofSeconds(30));
            long chatId = FanoutCommand.createAndJoin(generator, users);
            WsConnection owner = generator.openMany(1, _ -> WsConnection.IGNORE, Users.hello(users.subList(0, 1)),
                    Duration.ofSeconds(30)).getFirst();
            try (WorkerPool pool = new WorkerPool(generator, users.subList(1, 6), 2,
                    java.nio.file.Path.of(System.getProperty("java.home")), 2)) {
                pool.grow(5);

                // when the owner posts once the pool expects the post's text
                pool.expect("harness post\"");
                long sentAt = System.nanoTime();
                owner.result("messages.send", "{\"chatId\":" + chatId + ",\"randomId\":7,"
                        + "\"text\":\"harness post\"}").join();
                long[] arrived = pool.collect(Duration.ofSeconds(30));

                // then each of the five connections, in three processes, received it once, after it was sent
                assertThat(pool.processes()).isEqualTo(3);
                assertThat(arrived).hasSize(5);
                assertThat(java.util.Arrays.stream(arrived).min().orElseThrow()).isGreaterThan(sentAt);
                assertThat(pool.duplicates()).isZero();
                assertThat(pool.cpuNanos()).isPositive();
            } finally {
                owner.close();
            }
        }
    }

    @Test
    void helloWithAnUnknownTokenFailsTheOpen() {
        try (LoadGenerator generator = new LoadGenerator(server.wsUri(), 1, 1)) {
            List<Users.User> impostor = List.of(new Users.User(1, "nobody", "not-a-token"));

            assertThatThrownBy(() -> generator.openMany(1, _ -> WsConnection.IGNORE, Users.hello(impostor),
                    Duration.ofSeconds(30)))
                    .hasMessageContaining("UNAUTHORIZED");
        }
    }

    @Test
    void theGeneratorRefusesAnythingButLoopback() {
        assertThatThrownBy(() -> new LoadGenerator(URI.create("ws://192.0.2.1:8080/api/ws"), 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void replyIdsAndSendTimesAreReadWithoutParsingTheFrame() {
        assertThat(WsConnection.parseId("{\"id\":1234,\"result\":{}}")).isEqualTo(1234);
        assertThat(WsConnection.parseId("{\"id\":-7,\"error\":{}}")).isEqualTo(-7);
        String push = "{\"updates\":[{\"type\":\"newMessage\",\"message\":{\"chatId\":5,\"out\":false,"
                + "\"text\":\"b987654321\"},\"pts\":3}],\"pts\":3,\"ptsCount\":1}";
        assertThat(MessagingLoad.textNanos(push, push.indexOf("\"out\":false"))).isEqualTo(987654321L);
        assertThat(MessagingLoad.textNanos("{\"id\":1,\"result\":{}}", 0)).isEqualTo(-1);
    }

    @Test
    void aClassHistogramGivesTheLiveHeapAndItsGrowthPerConnection() {
        Histogram before = Histogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:           100           4000  [B (java.base@25.0.3)
                   2:            10            960  io.netty.channel.DefaultChannelHandlerContext
                Total           110           4960
                """);
        Histogram after = Histogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:           110           4400  [B (java.base@25.0.3)
                   2:            60           5760  io.netty.channel.DefaultChannelHandlerContext
                Total           170          10160
                """);

        assertThat(after.totalBytes() - before.totalBytes()).isEqualTo(5200);
        List<java.util.Map<String, Object>> growth = after.growthPer(before, 10, 5);
        assertThat(growth.getFirst()).containsEntry("class", "io.netty.channel.DefaultChannelHandlerContext")
                .containsEntry("bytesPerConnection", 480.0).containsEntry("instancesPerConnection", 5.0);
        assertThat(growth.get(1)).containsEntry("class", "[B").containsEntry("bytesPerConnection", 40.0);
    }
}
