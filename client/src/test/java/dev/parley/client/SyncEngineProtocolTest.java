package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.Request;
import dev.parley.protocol.sync.Update;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sync algorithm against a scripted server, which can produce what a real one only does under races: pushes out
 * of order, a push that never comes, a log trimmed past the device's pts.
 */
class SyncEngineProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ParleyClient.Options FAST = ParleyClient.Options.defaults()
            .withRequestTimeout(Duration.ofSeconds(5))
            .withReconnect(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2, 0.5))
            // A dropped TCP connection is noticed by the keepalive within two seconds even if the socket does not say.
            .withPingInterval(Duration.ofSeconds(1));

    private final JsonCodec codec = new JsonCodec();
    private final ScriptedPeer peer;
    private final BlockingQueue<Object> delivered = new LinkedBlockingQueue<>();
    private ParleyClient client;
    private ScriptedPeer.Link link;

    SyncEngineProtocolTest() throws IOException {
        peer = new ScriptedPeer();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        peer.close();
    }

    /** Connects, authenticates and starts sync at {@code pts} (answering the first difference as empty). */
    private SyncStateStore syncingFrom(long pts) throws IOException {
        CompletableFuture<ParleyClient> connecting = CompletableFuture.supplyAsync(
                () -> ParleyClient.connect(peer.httpUri(), FAST));
        link = peer.accept(WAIT);
        client = connecting.join();
        CompletableFuture<?> hello = CompletableFuture.runAsync(() -> client.hello("token"));
        reply(read("auth.hello"), "{\"userId\":7,\"sessionId\":8,\"protocolVersion\":1}");
        hello.join();
        SyncStateStore store = SyncStateStore.inMemory();
        store.save(pts);
        CompletableFuture<Long> started = CompletableFuture.supplyAsync(() -> client.startSync(store, listener()));
        Request difference = read("updates.getDifference");
        assertThat(difference.params().get("pts").asLong()).isEqualTo(pts);
        reply(difference, "{\"updates\":[],\"state\":{\"pts\":" + pts + "},\"final\":true}");
        assertThat(started.join()).isEqualTo(pts);
        return store;
    }

    private SyncListener listener() {
        return new SyncListener() {
            @Override
            public void onUpdate(Update update) {
                delivered.add(update);
            }

            @Override
            public void onResync(long pts) {
                delivered.add("resync " + pts);
            }
        };
    }

    private Request read(String method) throws IOException {
        Request request = codec.readRequest(link.readText());
        assertThat(request.method()).isEqualTo(method);
        return request;
    }

    private void reply(Request request, String resultJson) throws IOException {
        link.sendText("{\"id\":" + request.id() + ",\"result\":" + resultJson + "}");
    }

    private static String newMessage(long pts) {
        return "{\"type\":\"newMessage\",\"message\":{\"chatId\":1,\"id\":" + (100 + pts)
                + ",\"senderId\":2,\"out\":false,\"date\":1,\"text\":\"m" + pts + "\"},\"pts\":" + pts + "}";
    }

    private void push(long pts) throws IOException {
        link.sendText("{\"updates\":[" + newMessage(pts) + "],\"pts\":" + pts + ",\"ptsCount\":1}");
    }

    private List<Object> take(int count) throws InterruptedException {
        List<Object> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object next = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("delivery %d of %d", i + 1, count).isNotNull();
            taken.add(next);
        }
        return taken;
    }

    /** The pts is saved once the listener has returned, so tests wait for it rather than race it. */
    private static void awaitSaved(SyncStateStore store, long pts) throws InterruptedException {
        SdkMessagingTest.await("pts " + pts + " saved", WAIT, () -> store.load().orElse(-1) == pts);
    }

    private static List<Long> pts(List<Object> updates) {
        return updates.stream().map(u -> ((Update) u).ptsOf()).toList();
    }

    @Test
    void pushesThatOvertakeEachOtherAreDeliveredInPtsOrderWithoutAskingForTheDifference() throws Exception {
        SyncStateStore store = syncingFrom(5);

        push(7);
        push(6);

        assertThat(pts(take(2))).containsExactly(6L, 7L);
        awaitSaved(store, 7);
        assertThat(client.syncedPts()).isEqualTo(7);
        // The next request the server sees is the application's own call, not a difference.
        CompletableFuture<Long> state = CompletableFuture.supplyAsync(() -> client.updates().getState());
        reply(read("updates.getState"), "{\"pts\":7}");
        assertThat(state.join()).isEqualTo(7);
    }

    @Test
    void aGapThatStaysOpenIsFilledWithTheDifferenceAndNothingIsDeliveredTwice() throws Exception {
        SyncStateStore store = syncingFrom(5);

        push(8);
        Request difference = read("updates.getDifference");
        assertThat(difference.params().get("pts").asLong()).isEqualTo(5);
        reply(difference, "{\"updates\":[" + newMessage(6) + "," + newMessage(7) + "," + newMessage(8)
                + "],\"state\":{\"pts\":8},\"final\":true}");
        push(8);
        push(9);

        assertThat(pts(take(4))).containsExactly(6L, 7L, 8L, 9L);
        assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).isNull();
        awaitSaved(store, 9);
    }

    @Test
    void aDifferenceIsFetchedPageByPageUntilFinal() throws Exception {
        SyncStateStore store = syncingFrom(5);

        push(9);
        Request first = read("updates.getDifference");
        reply(first, "{\"updates\":[" + newMessage(6) + "," + newMessage(7) + "],\"state\":{\"pts\":7},\"final\":false}");
        Request second = read("updates.getDifference");
        assertThat(second.params().get("pts").asLong()).isEqualTo(7);
        reply(second, "{\"updates\":[" + newMessage(8) + "," + newMessage(9) + "],\"state\":{\"pts\":9},\"final\":true}");

        assertThat(pts(take(4))).containsExactly(6L, 7L, 8L, 9L);
        awaitSaved(store, 9);
    }

    @Test
    void startingSyncTwiceIsRefusedAndTheFirstKeepsRunning() throws Exception {
        syncingFrom(5);

        assertThatThrownBy(() -> client.startSync(SyncStateStore.inMemory(), update -> { }))
                .isInstanceOf(IllegalStateException.class);
        push(6);

        assertThat(pts(take(1))).containsExactly(6L);
    }

    @Test
    void typingIsDeliveredAtOnceWithoutMovingThePts() throws Exception {
        SyncStateStore store = syncingFrom(5);

        link.sendText("{\"updates\":[{\"type\":\"typing\",\"chatId\":1,\"userId\":2}],\"pts\":5,\"ptsCount\":0}");

        assertThat(take(1)).containsExactly(new Update.Typing(1, 2));
        awaitSaved(store, 5);
    }

    @Test
    void aTooLongDifferenceAsksTheApplicationToResyncAndContinuesFromTheServersPts() throws Exception {
        SyncStateStore store = syncingFrom(5);

        push(900);
        reply(read("updates.getDifference"), "{\"tooLong\":true,\"state\":{\"pts\":900}}");
        push(901);

        List<Object> events = take(2);
        assertThat(events.getFirst()).isEqualTo("resync 900");
        assertThat(((Update) events.get(1)).ptsOf()).isEqualTo(901);
        awaitSaved(store, 901);
    }

    @Test
    void afterAReconnectTheClientCatchesUpBeforeLivePushes() throws Exception {
        syncingFrom(5);
        link.close();
        link = peer.accept(WAIT);
        reply(read("auth.hello"), "{\"userId\":7,\"sessionId\":8,\"protocolVersion\":1}");

        Request difference = read("updates.getDifference");
        assertThat(difference.params().get("pts").asLong()).isEqualTo(5);
        push(7);
        reply(difference, "{\"updates\":[" + newMessage(6) + "," + newMessage(7) + "],\"state\":{\"pts\":7},"
                + "\"final\":true}");

        assertThat(pts(take(2))).containsExactly(6L, 7L);
        assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
}
