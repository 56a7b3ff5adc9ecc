package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.UpdateBatch;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.protocol.account.AuthMethods.AuthResult;
import dev.parley.protocol.account.AuthMethods.SessionInfo;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts and sessions through the SDK against a real server (real sockets, real SQLite). */
class SdkAccountsTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();

    private final List<ParleyClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ParleyClient::close);
    }

    private ParleyClient client() {
        ParleyClient client = ParleyClient.connect(server.httpUri(), ParleyClient.Options.defaults()
                .withReconnect(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.5)));
        clients.add(client);
        return client;
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** A listener that completes when the session is revoked. */
    private static CompletableFuture<String> revocationOf(ParleyClient client) {
        CompletableFuture<String> revoked = new CompletableFuture<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void onSessionRevoked(String reason) {
                revoked.complete(reason);
            }
        });
        return revoked;
    }

    @Test
    void aRegisteredUserLogsInOnASecondDeviceAndSeesBothSessions() {
        String username = Accounts.username("alice");
        ParleyClient laptop = client();
        AuthResult registered = laptop.register(username, Accounts.PASSWORD, "Alice", "laptop");
        ParleyClient phone = client();

        AuthResult loggedIn = phone.login(username, Accounts.PASSWORD, "phone");

        assertThat(loggedIn.userId()).isEqualTo(registered.userId());
        assertThat(laptop.token()).contains(registered.token());
        assertThat(phone.me().username()).isEqualTo(username);
        assertThat(laptop.sessions()).extracting(SessionInfo::sessionId, SessionInfo::deviceName, SessionInfo::current)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(registered.sessionId(), "laptop", true),
                        org.assertj.core.groups.Tuple.tuple(loggedIn.sessionId(), "phone", false));
    }

    @Test
    void aSavedTokenAuthenticatesANewConnection() {
        String username = Accounts.username("bob");
        AuthResult registered = client().register(username, Accounts.PASSWORD, null, "laptop");
        ParleyClient later = client();

        AuthMethods.HelloResult hello = later.hello(registered.token());

        assertThat(hello.userId()).isEqualTo(registered.userId());
        assertThat(hello.sessionId()).isEqualTo(registered.sessionId());
        assertThat(later.me().displayName()).isEqualTo(username);
    }

    @Test
    void errorRepliesArriveAsTypedCodes() {
        String username = Accounts.username("carol");
        ParleyClient client = client();
        client.register(username, Accounts.PASSWORD, null, null);

        assertCode(() -> client().register(username, Accounts.PASSWORD, null, null), ErrorCode.USERNAME_TAKEN);
        assertCode(() -> client().register(username.toUpperCase(), Accounts.PASSWORD, null, null),
                ErrorCode.USERNAME_TAKEN);
        assertCode(() -> client().register("no", Accounts.PASSWORD, null, null), ErrorCode.USERNAME_INVALID);
        assertCode(() -> client().login(username, "wrong password", null), ErrorCode.AUTH_FAILED);
        assertCode(() -> client().me(), ErrorCode.AUTH_REQUIRED);
        assertCode(() -> client.call("no.suchMethod", null, JsonNode.class), ErrorCode.METHOD_NOT_FOUND);
        assertCode(() -> client.revokeSession(Long.MAX_VALUE >> 12), ErrorCode.SESSION_NOT_FOUND);
    }

    @Test
    void aRevokedDeviceIsToldSoFailsEveryCallAndDoesNotReconnect() throws Exception {
        String username = Accounts.username("dave");
        ParleyClient laptop = client();
        laptop.register(username, Accounts.PASSWORD, null, "laptop");
        ParleyClient phone = client();
        long phoneSession = phone.login(username, Accounts.PASSWORD, "phone").sessionId();
        CompletableFuture<String> revoked = revocationOf(phone);

        laptop.revokeSession(phoneSession);

        assertThat(revoked.get(5, TimeUnit.SECONDS)).isNotBlank();
        assertCode(phone::me, ErrorCode.SESSION_REVOKED);
        assertThat(phone.isConnected()).isFalse();
        assertThat(laptop.sessions()).extracting(SessionInfo::deviceName).containsExactly("laptop");
        assertThat(phone.isConnected()).isFalse();
    }

    @Test
    void changingThePasswordRevokesTheOtherDevicesAndRetiresTheOldPassword() throws Exception {
        String username = Accounts.username("erin");
        ParleyClient laptop = client();
        laptop.register(username, Accounts.PASSWORD, null, "laptop");
        ParleyClient phone = client();
        phone.login(username, Accounts.PASSWORD, "phone");
        CompletableFuture<String> phoneRevoked = revocationOf(phone);

        laptop.changePassword(Accounts.PASSWORD, "a brand new secret");

        assertThat(phoneRevoked.get(5, TimeUnit.SECONDS)).isNotBlank();
        assertThat(laptop.me().username()).isEqualTo(username);
        assertCode(() -> client().login(username, Accounts.PASSWORD, null), ErrorCode.AUTH_FAILED);
        assertThat(client().login(username, "a brand new secret", null).userId()).isPositive();
        assertCode(() -> laptop.changePassword(Accounts.PASSWORD, "another new secret"), ErrorCode.AUTH_FAILED);
    }

    @Test
    void loggingOutForgetsTheTokenAndLeavesTheClientUsableAnonymously() {
        String username = Accounts.username("fred");
        ParleyClient client = client();
        client.register(username, Accounts.PASSWORD, null, "laptop");

        client.logout();

        assertThat(client.token()).isEmpty();
        assertCode(client::me, ErrorCode.AUTH_REQUIRED);
        assertThat(client.login(username, Accounts.PASSWORD, "laptop again").userId()).isPositive();
        assertThat(client.sessions()).hasSize(1);
    }

    @Test
    void revokingTheOwnSessionIsALogout() {
        String username = Accounts.username("gina");
        ParleyClient client = client();
        long own = client.register(username, Accounts.PASSWORD, null, "laptop").sessionId();

        client.revokeSession(own);

        assertThat(client.token()).isEmpty();
        assertCode(client::me, ErrorCode.AUTH_REQUIRED);
    }

    @Test
    void deletingTheAccountEndsEverySessionAndFreesTheUsername() throws Exception {
        String username = Accounts.username("hank");
        ParleyClient laptop = client();
        laptop.register(username, Accounts.PASSWORD, null, "laptop");
        ParleyClient phone = client();
        phone.login(username, Accounts.PASSWORD, "phone");
        CompletableFuture<String> phoneRevoked = revocationOf(phone);

        assertCode(() -> laptop.deleteAccount("wrong password"), ErrorCode.AUTH_FAILED);
        laptop.deleteAccount(Accounts.PASSWORD);

        assertThat(phoneRevoked.get(5, TimeUnit.SECONDS)).isNotBlank();
        assertThat(laptop.token()).isEmpty();
        assertCode(() -> client().login(username, Accounts.PASSWORD, null), ErrorCode.AUTH_FAILED);
        assertThat(laptop.register(username, Accounts.PASSWORD, null, "laptop").userId()).isPositive();
    }

    @Test
    void updatesPushedByTheServerReachListenersInOrder() throws Exception {
        ParleyClient client = client();
        long userId = client.register(Accounts.username("ivy"), Accounts.PASSWORD, null, null).userId();
        List<Long> seen = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(50);
        client.addUpdateListener((UpdateBatch batch) -> {
            seen.add(batch.pts());
            all.countDown();
        });

        for (int pts = 1; pts <= 50; pts++) {
            server.server().connections().sendToUser(userId,
                    "{\"updates\":[{\"kind\":\"test\"}],\"pts\":" + pts + ",\"ptsCount\":1}");
        }

        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void theHttpFormGivesTheSameResultsAndTypedErrors() {
        String username = Accounts.username("jack");
        client().register(username, Accounts.PASSWORD, "Jack", null);
        try (var http = new ParleyHttpClient(server.httpUri(), Duration.ofSeconds(10))) {
            AuthResult login = http.call(AuthMethods.LOGIN, new AuthMethods.Login(username, Accounts.PASSWORD, "curl"),
                    AuthResult.class);
            var me = http.withToken(login.token()).call(AuthMethods.GET_ME, null, AuthMethods.Me.class);
            assertThat(me.displayName()).isEqualTo("Jack");
            assertCode(() -> http.call(AuthMethods.GET_ME, null, AuthMethods.Me.class), ErrorCode.AUTH_REQUIRED);
            assertCode(() -> http.call(AuthMethods.LOGIN, new AuthMethods.Login(username, "nope nope", null),
                    AuthResult.class), ErrorCode.AUTH_FAILED);
        }
    }
}
