package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    @Test
    void theWebSocketLivesUnderApiWsOnTheSameHostAndPort() {
        assertThat(Endpoints.webSocket(URI.create("http://127.0.0.1:8080")))
                .isEqualTo(URI.create("ws://127.0.0.1:8080/api/ws"));
        assertThat(Endpoints.webSocket(URI.create("https://chat.example.org/")))
                .isEqualTo(URI.create("wss://chat.example.org/api/ws"));
    }

    @Test
    void aPathPrefixBehindAReverseProxyIsKept() {
        assertThat(Endpoints.webSocket(URI.create("https://example.org/parley/")))
                .isEqualTo(URI.create("wss://example.org/parley/api/ws"));
        assertThat(Endpoints.method(URI.create("https://example.org/parley"), "auth.login"))
                .isEqualTo(URI.create("https://example.org/parley/api/auth.login"));
    }

    @Test
    void httpMethodsArePostedUnderApi() {
        assertThat(Endpoints.method(URI.create("http://[::1]:9000"), "account.getMe"))
                .isEqualTo(URI.create("http://[::1]:9000/api/account.getMe"));
    }

    @Test
    void urlsWithoutAUsableSchemeOrHostAreRejected() {
        assertThatThrownBy(() -> Endpoints.webSocket(URI.create("ftp://example.org")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
        assertThatThrownBy(() -> Endpoints.webSocket(URI.create("127.0.0.1:8080")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
