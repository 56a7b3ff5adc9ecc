package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.Request;
import dev.parley.protocol.UpdateBatch;
import dev.parley.protocol.account.AuthMethods;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK's wire behaviour against a scripted WebSocket peer: timeouts, fragments, pushes, drops, revocation. */
class ParleyClientProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ParleyClient.Options FAST = ParleyClient.Options.defaults()
            .withRequestTimeout(Duration.ofSeconds(5))
            .withReconnect(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2, 0.5));

    /** For tests where the peer vanishes: the keepalive notices within two seconds even if the socket does not say. */
    private static final ParleyClient.Options DROPS = FAST.withPingInterval(Duration.ofSeconds(1));

    private final JsonCodec codec = new JsonCodec();
    private final ScriptedPeer peer;
    private ParleyClient client;

    ParleyClientProtocolTest() throws IOException {
        peer = new ScriptedPeer();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        peer.close();
    }

    private ScriptedPeer.Link connect(ParleyClient.Options options) throws IOException {
        CompletableFuture<ParleyClient> connecting = CompletableFuture.supplyAsync(
                () -> ParleyClient.connect(peer.httpUri(), options));
        ScriptedPeer.Link link = peer.accept(WAIT);
        client = connecting.join();
        return link;
    }

    private Request read(ScriptedPeer.Link link) throws IOException {
        return codec.readRequest(link.readText());
    }

    private void reply(ScriptedPeer.Link link, Request request, String resultJson) throws IOException {
        link.sendText("{\"id\":" + request.id() + ",\"result\":" + resultJson + "}");
    }

    /** Authenticates the client with a token through the scripted peer. */
    private void hello(ScriptedPeer.Link link, String token) throws IOException {
        CompletableFuture<AuthMethods.HelloResult> hello = CompletableFuture.supplyAsync(() -> client.hello(token));
        Request request = read(link);
        assertThat(request.method()).isEqualTo("auth.hello");
        reply(link, request, "{\"userId\":7,\"sessionId\":8,\"protocolVersion\":1}");
        assertThat(hello.join().sessionId()).isEqualTo(8);
    }

    @Test
    void aCallWithoutAReplyFailsWithTimeoutAfterTheConfiguredTime() throws IOException {
        ScriptedPeer.Link link = connect(FAST.withRequestTimeout(Duration.ofMillis(300)));
        long start = System.nanoTime();
        CompletableFuture<AuthMethods.Me> me = CompletableFuture.supplyAsync(client::me);
        assertThat(read(link).method()).isEqualTo("account.getMe");
        assertThatThrownBy(me::join).cause().isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e).hasMessageContaining("no reply to account.getMe");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void requestIdsArePerClientAndIncreasing() throws IOException {
        ScriptedPeer.Link link = connect(FAST);
        client.callAsync("x.one", null, JsonNode.class);
        client.callAsync("x.two", null, JsonNode.class);
        Request first = read(link);
        Request second = read(link);
        assertThat(List.of(first.method(), second.method())).containsExactly("x.one", "x.two");
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(first.params().isObject()).isTrue();
    }

    @Test
    void aReplySplitIntoFragmentsIsReassembled() throws IOException {
        ScriptedPeer.Link link = connect(FAST);
        CompletableFuture<AuthMethods.Me> me = CompletableFuture.supplyAsync(client::me);
        Request request = read(link);
        link.sendFragments("{\"id\":" + request.id() + ",\"result\":{\"userId\":5,",
                "\"username\":\"alice_1\",\"displayName\":\"Alice ",
                "Ä\",\"createdAt\":1700000000}}");
        assertThat(me.join()).isEqualTo(new AuthMethods.Me(5, "alice_1", "Alice Ä", 1_700_000_000));
    }

    @Test
    void anErrorReplyIsThrownAsItsTypedCodeWithRetryAfter() throws IOException {
        ScriptedPeer.Link link = connect(FAST);
        CompletableFuture<AuthMethods.Me> me = CompletableFuture.supplyAsync(client::me);
        Request request = read(link);
        link.sendText("{\"id\":" + request.id()
                + ",\"error\":{\"code\":\"FLOOD_WAIT\",\"message\":\"Too many requests\",\"retryAfter\":3}}");
        assertThatThrownBy(me::join).cause().isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
            assertThat(e.retryAfter()).hasValue(3);
        });
    }

    @Test
    void pushedBatchesReachListenersInOrderOnTheUpdateThread() throws Exception {
        ScriptedPeer.Link link = connect(FAST);
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(200);
        client.addUpdateListener(batch -> {
            seen.add(batch.pts());
            threads.add(Thread.currentThread().getName());
            all.countDown();
        });
        for (int pts = 1; pts <= 200; pts++) {
            link.sendText("{\"updates\":[{\"kind\":\"newMessage\",\"n\":" + pts + "}],\"pts\":" + pts
                    + ",\"ptsCount\":1}");
        }
        assertThat(all.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(seen).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(threads).containsOnly("parley-client-updates");
    }

    @Test
    void aFailingListenerDoesNotStopDeliveryToTheOthers() throws Exception {
        ScriptedPeer.Link link = connect(FAST);
        CompletableFuture<UpdateBatch> received = new CompletableFuture<>();
        client.addUpdateListener(batch -> {
            throw new IllegalStateException("listener bug");
        });
        client.addUpdateListener(received::complete);
        link.sendText("{\"updates\":[],\"pts\":1,\"ptsCount\":0}");
        assertThat(received.get(WAIT.toSeconds(), TimeUnit.SECONDS).pts()).isEqualTo(1);
    }

    @Test
    void afterADropTheClientSaysHelloAgainBeforeAnyWaitingCall() throws IOException {
        ScriptedPeer.Link first = connect(DROPS);
        hello(first, "token-1");
        first.close();
        CompletableFuture<AuthMethods.Me> me = CompletableFuture.supplyAsync(client::me);

        ScriptedPeer.Link second = peer.accept(WAIT);
        Request hello = read(second);
        assertThat(hello.method()).isEqualTo("auth.hello");
        assertThat(hello.params().get("token").asText()).isEqualTo("token-1");
        reply(second, hello, "{\"userId\":7,\"sessionId\":8,\"protocolVersion\":1}");
        Request waiting = read(second);
        assertThat(waiting.method()).isEqualTo("account.getMe");
        reply(second, waiting, "{\"userId\":7,\"username\":\"alice_1\",\"displayName\":\"A\",\"createdAt\":1}");
        assertThat(me.join().userId()).isEqualTo(7);
    }

    @Test
    void anUnansweredCallIsResentAfterReconnectButAnAtMostOnceCallFails() throws IOException {
        ScriptedPeer.Link first = connect(DROPS);
        CompletableFuture<JsonNode> read = client.callAsync("x.read", null, JsonNode.class);
        CompletableFuture<JsonNode> write = client.callAsync("x.write", null, JsonNode.class, Delivery.AT_MOST_ONCE);
        assertThat(read(first).method()).isEqualTo("x.read");
        assertThat(read(first).method()).isEqualTo("x.write");
        first.close();

        ScriptedPeer.Link second = peer.accept(WAIT);
        Request resent = read(second);
        assertThat(resent.method()).isEqualTo("x.read");
        reply(second, resent, "{\"ok\":true}");
        assertThat(read.join().get("ok").asBoolean()).isTrue();
        assertThatThrownBy(write::join).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void closeCode4001EndsTheClientWithoutReconnecting() throws Exception {
        ScriptedPeer.Link link = connect(FAST);
        hello(link, "token-1");
        CompletableFuture<String> revoked = new CompletableFuture<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void onSessionRevoked(String reason) {
                revoked.complete(reason);
            }
        });
        CompletableFuture<JsonNode> pending = client.callAsync("x.pending", null, JsonNode.class);
        assertThat(read(link).method()).isEqualTo("x.pending");

        link.sendClose(4001, "session revoked");

        assertThat(revoked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("session revoked");
        assertThatThrownBy(pending::join).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_REVOKED));
        assertThatThrownBy(client::me).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_REVOKED));
        // The reconnect backoff is at most 100 ms here: ten times that without a connection means none is coming.
        assertThat(peer.acceptWithin(Duration.ofSeconds(1))).isEmpty();
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void aTokenRefusedOnReHelloEndsTheClientAsRevoked() throws Exception {
        ScriptedPeer.Link first = connect(DROPS);
        hello(first, "token-1");
        CompletableFuture<String> revoked = new CompletableFuture<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void onSessionRevoked(String reason) {
                revoked.complete(reason);
            }
        });
        first.close();

        ScriptedPeer.Link second = peer.accept(WAIT);
        Request hello = read(second);
        second.sendText("{\"id\":" + hello.id() + ",\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"unknown token\"}}");

        assertThat(revoked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("unknown token");
        assertThatThrownBy(client::me).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_REVOKED));
    }

    @Test
    void callsMadeWhileTheServerIsAwayTimeOutIfItDoesNotComeBack() throws IOException {
        ScriptedPeer.Link link = connect(FAST.withRequestTimeout(Duration.ofMillis(400)));
        peer.close();
        link.close();
        assertThatThrownBy(client::me).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e).hasMessageContaining("not connected");
        });
    }

    @Test
    void aConnectionThatGoesSilentIsPingedAndThenGivenUp() throws IOException {
        ScriptedPeer.Link first = connect(FAST.withPingInterval(Duration.ofMillis(100)));
        hello(first, "token-1");
        // The peer stops reading and answering, but keeps the socket open: only the keepalive can tell.
        ScriptedPeer.Link second = peer.accept(WAIT);
        Request hello = read(second);
        assertThat(hello.method()).isEqualTo("auth.hello");
        assertThat(hello.params().get("token").asText()).isEqualTo("token-1");
        first.close();
    }

    @Test
    void closingTheClientFailsPendingCallsAndIsIdempotent() throws IOException {
        ScriptedPeer.Link link = connect(FAST);
        CompletableFuture<JsonNode> pending = client.callAsync("x.pending", null, JsonNode.class);
        assertThat(read(link).method()).isEqualTo("x.pending");
        client.close();
        client.close();
        assertThatThrownBy(pending::join).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
