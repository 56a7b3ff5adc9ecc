package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.gateway.ConnectionRegistry;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account story over the real transports: HTTP {@code POST /api/<method>} and the WebSocket at /api/ws. */
class AccountOverNetworkTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    final TestServer server = TestServer.create();

    private RawClient client;

    private RawClient client() {
        if (client == null) {
            client = server.client();
        }
        return client;
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aUserRegistersAddsADeviceRevokesItChangesThePasswordAndDeletesTheAccount() {
        // Given an account registered over HTTP from a laptop
        RawClient.HttpReply registered = client().call("auth.register",
                Map.of("username", "Erin_1", "password", PASSWORD, "deviceName", "laptop"), null);
        assertThat(registered.status()).isEqualTo(200);
        String laptopToken = registered.json().at("/result/token").asText();
        long userId = registered.json().at("/result/userId").asLong();
        long laptopSession = registered.json().at("/result/sessionId").asLong();

        // When the phone logs in over a WebSocket
        RawClient.Socket phone = client().openWebSocket();
        JsonNode login = phone.request("auth.login",
                Map.of("username", "ERIN_1", "password", PASSWORD, "deviceName", "phone"));
        long phoneSession = login.at("/result/sessionId").asLong();
        String phoneToken = login.at("/result/token").asText();
        assertThat(login.at("/result/userId").asLong()).isEqualTo(userId);
        assertThat(phone.request("account.getMe", Map.of()).at("/result/username").asText()).isEqualTo("erin_1");

        // Then the laptop sees both sessions, itself as current
        JsonNode sessions = client().call("account.getSessions", Map.of(), laptopToken).json().at("/result/sessions");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).get("sessionId").asLong()).isEqualTo(laptopSession);
        assertThat(sessions.get(0).get("current").asBoolean()).isTrue();
        assertThat(sessions.get(1).get("sessionId").asLong()).isEqualTo(phoneSession);
        assertThat(sessions.get(1).get("deviceName").asText()).isEqualTo("phone");
        assertThat(sessions.get(1).get("current").asBoolean()).isFalse();

        // When the laptop revokes the phone, the phone's socket closes within a second and its token is dead
        assertThat(client().call("account.revokeSession", Map.of("sessionId", phoneSession), laptopToken).status())
                .isEqualTo(200);
        assertThat(phone.awaitClose(Duration.ofSeconds(1)).code()).isEqualTo(ConnectionRegistry.CLOSE_SESSION_REVOKED);
        assertThat(client().call("account.getMe", Map.of(), phoneToken).status()).isEqualTo(401);

        // When the password changes, the old one stops working and the new one logs in
        RawClient.HttpReply changed = client().call("account.changePassword",
                Map.of("oldPassword", PASSWORD, "newPassword", "a new secret phrase"), laptopToken);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(client().call("auth.login", Map.of("username", "erin_1", "password", PASSWORD), null)
                .errorCode()).isEqualTo("AUTH_FAILED");
        String tabletToken = client().call("auth.login",
                Map.of("username", "erin_1", "password", "a new secret phrase", "deviceName", "tablet"), null)
                .json().at("/result/token").asText();
        RawClient.Socket tablet = client().openWebSocket();
        assertThat(tablet.request("auth.hello", Map.of("token", tabletToken)).at("/result/userId").asLong())
                .isEqualTo(userId);

        // When the account is deleted, every socket closes, every token dies and no row of it is left
        assertThat(client().call("account.delete", Map.of("password", "a new secret phrase"), laptopToken).status())
                .isEqualTo(200);
        assertThat(tablet.awaitClose(Duration.ofSeconds(1)).code()).isEqualTo(ConnectionRegistry.CLOSE_SESSION_REVOKED);
        assertThat(client().call("account.getMe", Map.of(), laptopToken).status()).isEqualTo(401);
        assertThat(new DatabaseScan(server.database()).rowsMentioning(
                Set.of(userId, laptopSession, phoneSession), "erin_1")).isEmpty();
    }

    @Test
    void aUserCannotRevokeAnotherUsersSession() {
        RawClient.HttpReply alice = client().call("auth.register",
                Map.of("username", "alice_1", "password", PASSWORD), null);
        RawClient.Socket bob = client().openWebSocket();
        JsonNode bobLogin = bob.request("auth.register", Map.of("username", "bob_the_second", "password", PASSWORD));
        long bobSession = bobLogin.at("/result/sessionId").asLong();

        RawClient.HttpReply attempt = client().call("account.revokeSession", Map.of("sessionId", bobSession),
                alice.json().at("/result/token").asText());

        assertThat(attempt.status()).isEqualTo(404);
        assertThat(attempt.errorCode()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(bob.request("account.getSessions", Map.of()).at("/result/sessions"))
                .extracting(node -> node.get("sessionId").asLong()).isEqualTo(List.of(bobSession));
        assertThat(bob.isClosed()).isFalse();
    }

    @Test
    void loginThrottlingAnswersFloodWaitWithRetryAfterOverHttp() {
        for (int i = 0; i < 4; i++) {
            assertThat(client().call("auth.login", Map.of("username", "nobody_here", "password", "guess guess"), null)
                    .errorCode()).isEqualTo("AUTH_FAILED");
        }

        RawClient.HttpReply blocked = client().call("auth.login",
                Map.of("username", "nobody_here", "password", "guess guess"), null);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.json().at("/error/code").asText()).isEqualTo("FLOOD_WAIT");
        assertThat(blocked.json().at("/error/retryAfter").asInt()).isEqualTo(1);
    }

    @Test
    void loggingOutOverTheWebSocketAnswersAndThenClosesTheSocketWith4001() {
        RawClient.Socket socket = client().openWebSocket();
        socket.request("auth.register", Map.of("username", "gina_1", "password", PASSWORD));

        JsonNode reply = socket.request("auth.logout", Map.of());

        assertThat(reply.at("/result/ok").asBoolean()).isTrue();
        assertThat(socket.awaitClose(Duration.ofSeconds(1)).code()).isEqualTo(ConnectionRegistry.CLOSE_SESSION_REVOKED);
    }

    @Test
    void accountsAndSessionsSurviveARestart() {
        String token = client().call("auth.register", Map.of("username", "frank_1", "password", PASSWORD), null)
                .json().at("/result/token").asText();

        server.restart();

        assertThat(client().call("account.getMe", Map.of(), token).json().at("/result/username").asText())
                .isEqualTo("frank_1");
    }
}
