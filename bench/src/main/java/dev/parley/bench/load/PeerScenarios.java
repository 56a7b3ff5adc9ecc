package dev.parley.bench.load;

import dev.parley.bench.xmpp.IdleScenario;
import dev.parley.bench.xmpp.MessagingLadder;
import dev.parley.bench.xmpp.Peer;
import dev.parley.bench.xmpp.PeerServer;
import dev.parley.bench.xmpp.StartupScenario;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code messaging}, {@code idle} and {@code startup} scenarios run against an XMPP peer ({@code --target}
 * other than parley), with the same options as against Parley; results go through {@link Common} like Parley's,
 * with the target's label in the scenario name ({@code messaging-ejabberd-archive-on-….json}).
 */
final class PeerScenarios {
    private final Target target;
    private final Common common;

    PeerScenarios(Target target, Common common) {
        this.target = target;
        this.common = common;
    }

    int messaging(MessagingLadder.Settings ladder) throws InterruptedException {
        target.validate(false);
        Map<String, Object> result = header("messaging");
        result.put("clients", ladder.clients());
        result.put("durability", target.kind == Target.Kind.xmpp ? "as the running server is configured"
                : target.archive == Target.Archive.on
                        ? "message archive (XEP-0313) in SQLite, the driver's defaults (rollback journal, synchronous=FULL)"
                        : "none: archive off, messages pass through memory only");
        try (Peer peer = target.open(ladder.clients())) {
            result.putAll(new MessagingLadder(ladder).run(peer, common.out()));
        }
        common.write("messaging-" + target.label(), result);
        return 0;
    }

    int idle(List<Integer> steps, int settleSeconds) throws InterruptedException {
        target.validate(true);
        Map<String, Object> result = header("idle");
        try (Peer peer = target.open(steps.getLast())) {
            IdleScenario.Settings settings = new IdleScenario.Settings(peer.address(), peer.domain(),
                    Peer.USERS_PREFIX, steps, common.sourceAddresses, settleSeconds * 1000L, 64, common.threads,
                    peer.pid().orElseThrow());
            result.putAll(new IdleScenario(settings).run());
        }
        common.write("idle-" + target.label(), result);
        return 0;
    }

    /** Start to first completed c2s login, through the peer's own start and stop scripts. */
    int startup(int runs) throws InterruptedException {
        if (target.kind == Target.Kind.xmpp) {
            throw new IllegalArgumentException("startup needs a peer the benchmark starts: ejabberd or prosody");
        }
        Map<String, Object> result = header("startup");
        PeerServer.Scripts scripts = target.scripts(Target.peersDir());
        scripts.prepare(1);
        boolean archive = target.archive == Target.Archive.on;
        PeerServer.Kind kind = scripts.kind();
        StartupScenario.Settings settings = new StartupScenario.Settings(
                new InetSocketAddress("127.0.0.1", kind.port()), Peer.DOMAIN, Peer.USERS_PREFIX + "0",
                scripts.startCommand(archive, false), scripts.stopCommand(), runs, Duration.ofMinutes(2));
        Map<String, Object> figures = new StartupScenario(settings).run();
        result.putAll(figures);
        common.out().printf("%s startup: median %.1f ms, min %.1f ms%n", target.label(),
                (double) figures.get("medianMs"), (double) figures.get("minMs"));
        common.write("startup-" + target.label(), result);
        return 0;
    }

    private Map<String, Object> header(String scenario) {
        Map<String, Object> result = common.peerHeader(scenario, target.label());
        result.put("target", target.kind.name());
        result.put("archive", target.kind == Target.Kind.xmpp ? "unknown" : target.archive.name());
        return result;
    }
}
