package dev.parley.bench.xmpp;

import java.net.InetSocketAddress;
import java.util.OptionalLong;

/**
 * An XMPP server the scenarios load: where it listens, the domain and user names of its pre-created accounts
 * ({@code <prefix>0 …}, password = user name), and its process for CPU and memory readings. Closing it stops the
 * server when the benchmark started it.
 */
public interface Peer extends AutoCloseable {
    /** The scripted peers' user names: bench0, bench1, … (see bench/peers/&lt;peer&gt;/setup.sh). */
    String USERS_PREFIX = "bench";
    String DOMAIN = "bench.local";

    /** Names the run in summaries and result files, e.g. {@code ejabberd-archive-on}. */
    String label();

    InetSocketAddress address();

    String domain();

    OptionalLong pid();

    @Override
    void close();

    /** A server someone else started and stops: the benchmark only connects to it. */
    record Running(String label, InetSocketAddress address, String domain, OptionalLong pid) implements Peer {
        public Running {
            if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("the XMPP server must listen on loopback, not " + address);
            }
        }

        @Override
        public void close() {
            // Not ours to stop.
        }
    }
}
