package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static final InetAddress PROXY = InetAddress.ofLiteral("10.0.0.5");
    private static final InetAddress CLIENT = InetAddress.ofLiteral("198.51.100.7");

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(TrustedProxies.parse("").clientAddress(PROXY, "203.0.113.9")).isEqualTo("10.0.0.5");
    }

    @Test
    void aPeerThatIsNotATrustedProxyCannotNameAnotherAddress() {
        assertThat(TrustedProxies.parse("10.0.0.5").clientAddress(CLIENT, "203.0.113.9")).isEqualTo("198.51.100.7");
    }

    @Test
    void aTrustedProxyNamesTheClientInTheRightMostEntry() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.5");

        assertThat(proxies.clientAddress(PROXY, "203.0.113.9")).isEqualTo("203.0.113.9");
        // The left entries were sent by the client itself: a forged one must not win.
        assertThat(proxies.clientAddress(PROXY, "1.2.3.4, 203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void chainedTrustedProxiesAreSkippedUntilTheFirstUntrustedHop() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.5, 10.0.0.6");

        assertThat(proxies.clientAddress(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.6")).isEqualTo("203.0.113.9");
    }

    @Test
    void aMalformedEntryStopsAtTheLastGoodAddress() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.5");

        assertThat(proxies.clientAddress(PROXY, "evil.example")).isEqualTo("10.0.0.5");
        assertThat(proxies.clientAddress(PROXY, "")).isEqualTo("10.0.0.5");
        assertThat(proxies.clientAddress(PROXY, "2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void onlyIpAddressLiteralsAreAccepted() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.5, proxy.internal"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'proxy.internal' is not an IP address");
    }
}
