package dev.parley.server.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The load balancers allowed to name a request's client in {@code X-Forwarded-For}. Behind a proxy every request
 * comes from the proxy's address, which would make per-address login throttling and flood control treat all users as
 * one; trusting the header from anyone else would let a client pick its own address and escape both.
 */
public final class TrustedProxies {
    private static final String HEADER_SEPARATOR = ",";
    private final Set<InetAddress> proxies;

    private TrustedProxies(Set<InetAddress> proxies) {
        this.proxies = proxies;
    }

    /** Parses the comma-separated IP address literals of {@code gateway.trustedProxies} (host names are refused). */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return new TrustedProxies(Set.of());
        }
        return new TrustedProxies(List.of(list.split(HEADER_SEPARATOR)).stream().map(String::strip)
                .map(entry -> literal(entry).orElseThrow(() -> new ConfigException(
                        "gateway.trustedProxies: '" + entry + "' is not an IP address")))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * The client's address: the TCP peer, unless the peer is a trusted proxy and the header names a client; then the
     * right-most header entry that is not itself a trusted proxy (entries further left were written by the client
     * and prove nothing). A malformed entry ends the walk at the last address known to be good.
     */
    public String clientAddress(InetAddress peer, String forwardedFor) {
        if (proxies.isEmpty() || !proxies.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer.getHostAddress();
        }
        String[] hops = forwardedFor.split(HEADER_SEPARATOR);
        InetAddress client = peer;
        for (int i = hops.length - 1; i >= 0 && proxies.contains(client); i--) {
            var hop = literal(hops[i].strip());
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
        }
        return client.getHostAddress();
    }

    private static Optional<InetAddress> literal(String text) {
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
