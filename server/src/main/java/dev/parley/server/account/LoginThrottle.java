package dev.parley.server.account;

import dev.parley.protocol.ParleyException;
import dev.parley.server.config.Config;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Slows down password guessing (docs/SECURITY.md, "Login throttling"). Failed attempts are counted per canonical
 * username and per client address; after the free failures, each further failure blocks that key for a delay that
 * doubles (1, 2, 4, … s) up to the configured cap, answered with {@code FLOOD_WAIT} and {@code retryAfter}.
 *
 * <p>Keys are counted whether or not the username exists, so the answers never reveal which usernames are taken. An
 * attempt counts as a failure when it starts (so a thousand parallel guesses cannot all slip through before the
 * first one fails) and is taken back when it succeeds; success also clears the username's count. An address gets
 * {@value #ADDRESS_FREE_FACTOR} times the free failures of a username, because many people may share one address
 * (NAT); IPv6 addresses count per /64, since one host usually owns a whole /64.
 *
 * <p>State lives in memory on this node, bounded to {@value #MAX_ENTRIES} keys per kind with least-recently-used
 * eviction, and a key is forgotten once it has been quiet for the cap plus a quarter of an hour. Nodes do not share
 * counts: behind a load balancer an attacker gains a factor of the node count (the scale-out work may move this state
 * to the shared database or NATS).
 */
public final class LoginThrottle {
    static final int ADDRESS_FREE_FACTOR = 4;
    static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final int freeUsernameFailures;
    private final int freeAddressFailures;
    private final long maxDelayMillis;
    private final long forgetAfterMillis;
    private final Map<String, Failures> byUsername = lruMap();
    private final Map<String, Failures> byAddress = lruMap();

    public LoginThrottle(Config.Accounts config, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.freeUsernameFailures = config.freeLoginFailures();
        this.freeAddressFailures = config.freeLoginFailures() * ADDRESS_FREE_FACTOR;
        this.maxDelayMillis = config.maxLoginDelaySeconds() * 1000L;
        this.forgetAfterMillis = maxDelayMillis + 15 * 60 * 1000L;
    }

    /** An attempt in progress; report its outcome with {@link #succeeded} (failure needs nothing more). */
    public record Attempt(String username, String address) {}

    /**
     * Starts a login attempt, counted as a failure until {@link #succeeded} is called.
     *
     * @throws ParleyException {@code FLOOD_WAIT} if the username or the address is still blocked
     */
    public synchronized Attempt begin(String canonicalUsername, String clientAddress) {
        long now = clock.millis();
        String address = addressKey(clientAddress);
        Failures user = current(byUsername, canonicalUsername, now);
        Failures addr = current(byAddress, address, now);
        long waitMillis = Math.max(user.blockedFor(now, freeUsernameFailures, maxDelayMillis),
                addr.blockedFor(now, freeAddressFailures, maxDelayMillis));
        if (waitMillis > 0) {
            throw ParleyException.floodWait((int) Math.ceilDiv(waitMillis, 1000L));
        }
        byUsername.put(canonicalUsername, user.plusOne(now));
        byAddress.put(address, addr.plusOne(now));
        return new Attempt(canonicalUsername, address);
    }

    /** The attempt proved the password: the username starts afresh and the address gets its attempt back. */
    public synchronized void succeeded(Attempt attempt) {
        byUsername.remove(attempt.username());
        Failures addr = byAddress.get(attempt.address());
        if (addr != null) {
            if (addr.count() <= 1) {
                byAddress.remove(attempt.address());
            } else {
                byAddress.put(attempt.address(), new Failures(addr.count() - 1, addr.lastMillis()));
            }
        }
    }

    private Failures current(Map<String, Failures> map, String key, long now) {
        Failures found = map.get(key);
        if (found == null || now - found.lastMillis() > forgetAfterMillis) {
            return new Failures(0, now);
        }
        return found;
    }

    /**
     * Groups addresses the way attackers hold them: IPv4 per address, IPv6 per /64 network. Accepts a bare address or
     * a socket address ({@code 1.2.3.4:5678}, {@code [::1]:5678}, {@code /1.2.3.4:5678}); the port never counts.
     */
    static String addressKey(String clientAddress) {
        if (clientAddress == null || clientAddress.isBlank()) {
            return "unknown";
        }
        String host = clientAddress.strip();
        host = host.substring(host.indexOf('/') + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host.substring(1) : host.substring(1, close);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            host = host.substring(0, host.indexOf(':'));
        }
        try {
            byte[] bytes = InetAddress.ofLiteral(host).getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : host;
        } catch (IllegalArgumentException notAnAddress) {
            // Not an IP literal (a test name or a proxy's label): the text itself still identifies the client.
            return host;
        }
    }

    private static Map<String, Failures> lruMap() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }

    /** Failures of one key and when the last one started. */
    private record Failures(int count, long lastMillis) {
        Failures plusOne(long now) {
            return new Failures(count + 1, now);
        }

        /** Milliseconds this key must still wait: after {@code free} failures, 1 s doubling per failure, capped. */
        long blockedFor(long now, int free, long maxDelayMillis) {
            int over = count - free;
            if (over <= 0) {
                return 0;
            }
            long delay = over > 30 ? maxDelayMillis : Math.min(maxDelayMillis, 1000L << (over - 1));
            return Math.max(0, lastMillis + delay - now);
        }
    }
}
