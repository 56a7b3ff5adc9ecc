package dev.parley.bench.load;

import dev.parley.bench.xmpp.Peer;
import dev.parley.bench.xmpp.PeerServer;
import dev.parley.bench.xmpp.ProcessStats;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * Which server a scenario loads (a picocli mixin): Parley (default), ejabberd or Prosody run by the scripts in
 * {@code bench/peers/}, or any XMPP server already running on loopback. The peers get the same load shape as Parley
 * through the XMPP generator ({@code dev.parley.bench.xmpp}).
 */
public final class Target {
    /** The servers a scenario can load. */
    public enum Kind {
        parley, ejabberd, prosody, xmpp
    }

    /** The peers' message archive (XEP-0313): on stores every message durably, off is their best case. */
    public enum Archive {
        on, off
    }

    @Option(names = "--target", defaultValue = "parley",
            description = "parley (default); ejabberd or prosody (installed, set up and started by bench/peers/"
                    + " scripts); or xmpp (an XMPP server already on --xmpp-port with users bench0…, password = name)")
    Kind kind = Kind.parley;

    @Option(names = "--archive", defaultValue = "on",
            description = "ejabberd/prosody: message archive on (durable, in SQLite) or off (their best case)")
    Archive archive = Archive.on;

    @Option(names = "--xmpp-port", description = "--target xmpp: the server's c2s port on 127.0.0.1")
    Integer xmppPort;

    @Option(names = "--xmpp-domain", defaultValue = Peer.DOMAIN, description = "--target xmpp: the users' domain")
    String xmppDomain = Peer.DOMAIN;

    @Option(names = "--server-pid-file", description = "--target xmpp: the server's PID file (for its CPU and RSS)")
    Path serverPidFile;

    public boolean parley() {
        return kind == Kind.parley;
    }

    /** Names the run: {@code parley}, {@code ejabberd-archive-on}, {@code xmpp}. */
    public String label() {
        return switch (kind) {
            case parley, xmpp -> kind.name();
            case ejabberd, prosody -> PeerServer.label(peerKind(), archive == Archive.on);
        };
    }

    /** Checks the flags that go together before anything starts. */
    void validate(boolean needsPid) {
        if (kind == Kind.xmpp && (xmppPort == null || xmppPort < 1 || xmppPort > 65_535)) {
            throw new IllegalArgumentException("--target xmpp needs --xmpp-port");
        }
        if (kind == Kind.xmpp && needsPid && serverPidFile == null) {
            throw new IllegalArgumentException("--target xmpp needs --server-pid-file for this scenario");
        }
    }

    PeerServer.Scripts scripts(Path peersDir) {
        return new PeerServer.Scripts(peersDir, peerKind());
    }

    /**
     * The peer to load, started with {@code users} fresh accounts (ejabberd, Prosody) or the running server
     * ({@code xmpp}).
     */
    Peer open(int users) {
        if (kind == Kind.xmpp) {
            OptionalLong pid = serverPidFile == null ? OptionalLong.empty()
                    : OptionalLong.of(ProcessStats.readPidFile(serverPidFile));
            return new Peer.Running("xmpp", new InetSocketAddress("127.0.0.1", xmppPort), xmppDomain, pid);
        }
        PeerServer.Scripts scripts = scripts(peersDir());
        scripts.prepare(users);
        return PeerServer.start(scripts, archive == Archive.on);
    }

    private PeerServer.Kind peerKind() {
        return switch (kind) {
            case ejabberd -> PeerServer.Kind.EJABBERD;
            case prosody -> PeerServer.Kind.PROSODY;
            case parley, xmpp -> throw new IllegalStateException(kind + " is not a scripted peer");
        };
    }

    /** {@code bench/peers} of this checkout ({@code -Dparley.home} under {@code ./parley bench}). */
    static Path peersDir() {
        String home = System.getProperty("parley.home");
        return home != null ? Path.of(home, "bench", "peers") : Path.of("bench", "peers");
    }
}
