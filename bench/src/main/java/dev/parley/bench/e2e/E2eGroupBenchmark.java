package dev.parley.bench.e2e;

import dev.parley.bench.e2e.Stopwatch.Timing;
import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.crypto.mls.CommitResult;
import dev.parley.crypto.mls.GroupState;
import dev.parley.crypto.mls.HandshakeOutcome;
import dev.parley.crypto.mls.MlsEngine;
import dev.parley.crypto.mls.MlsException;
import dev.parley.crypto.mls.Protected;
import dev.parley.crypto.mls.Unprotected;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The e2e-group scenario. One creator device makes a group and adds every other member in one commit; a sample of
 * members (all of them when {@code sample >= members - 1}) joins from the Welcome and keeps its state; the creator
 * sends one message that every sampled member decrypts; then one add and one remove commit, processed by every
 * sampled member. Members outside the sample also join when the measured per-member cost says all joins fit in the
 * time bound, but keep no state afterwards (1,000 snapshots of a 1,000-leaf tree would only measure the heap).
 *
 * <p>The engine is used from this one thread: {@code BcMlsEngine} serialises every operation of the JVM anyway.
 */
final class E2eGroupBenchmark {
    private static final byte[] MESSAGE = "hello, 1,000 members".getBytes(StandardCharsets.UTF_8);

    private final MlsEngine engine;
    private final SecureRandom random;
    private final Consumer<String> progress;

    E2eGroupBenchmark(MlsEngine engine, SecureRandom random, Consumer<String> progress) {
        this.engine = engine;
        this.random = random;
        this.progress = progress;
    }

    /**
     * What the run measured ({@code figures}, written as JSON) and what it checked: every sampled member's final
     * epoch and epoch authenticator against the creator's, and how many members decrypted the message.
     */
    record Result(Map<String, Object> figures, long creatorEpoch, List<Long> memberEpochs,
                  boolean authenticatorsAgree, int decryptedBy, int sampled, int joined, boolean removedSawRemoval) {}

    Result run(int members, int sample, Duration bound) throws MlsException {
        if (members < 3) {
            throw new IllegalArgumentException("--members must be at least 3");
        }
        long deadline = System.nanoTime() + bound.toNanos();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("members", members);

        progress.accept("creating " + members + " identities and key packages");
        Stopwatch sw = Stopwatch.start();
        List<SimulatedDevice> devices = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            devices.add(newDevice(i + 1));
        }
        Timing keyPackages = sw.stop();
        figures.put("keyPackages", Map.of("count", members, "wallMs", keyPackages.wallMs(), "cpuMs",
                keyPackages.cpuMs(), "bytesEach", devices.getFirst().keyPackage.keyPackage().length));

        // (a) create the group and add the other members in one commit
        SimulatedDevice creator = devices.getFirst();
        List<SimulatedDevice> others = devices.subList(1, members);
        byte[] groupId = new byte[16];
        random.nextBytes(groupId);
        progress.accept("creating the group and adding " + others.size() + " members in one commit");
        sw = Stopwatch.start();
        creator.state = engine.createGroup(creator.identity, groupId);
        CommitResult addAll = engine.addMembers(creator.state, others.stream().map(d -> d.keyPackage.keyPackage())
                .toList());
        creator.state = addAll.pending();
        Timing create = sw.stop();
        byte[] welcome = addAll.welcome().orElseThrow();
        figures.put("createAndAddAll", step(create, Map.of("commitBytes", addAll.commit().length,
                "welcomeBytes", welcome.length, "groupStateBytes", creator.state.toBytes().length)));

        // (b) joining from the Welcome: the sample first, spread over the tree, then the rest if it fits
        List<SimulatedDevice> sampled = spread(others, Math.min(sample, others.size()));
        progress.accept(sampled.size() + " sampled members join from the Welcome");
        List<Timing> joins = new ArrayList<>();
        for (SimulatedDevice d : sampled) {
            sw = Stopwatch.start();
            d.state = engine.joinFromWelcome(d.identity, List.of(d.keyPackage), welcome).state();
            joins.add(sw.stop());
        }
        Map<String, Object> join = summary(joins);
        join.put("sampled", sampled.size());
        int joined = sampled.size();
        List<SimulatedDevice> rest = others.stream().filter(d -> !sampled.contains(d)).toList();
        double perJoinMs = mean(joins, Timing::wallMs);
        double remainingMs = (deadline - System.nanoTime()) / 1e6;
        // Keep half of what is left for the message, add and remove steps.
        if (!rest.isEmpty() && perJoinMs * rest.size() <= remainingMs / 2) {
            progress.accept("the other " + rest.size() + " members join (about " + Math.round(perJoinMs
                    * rest.size() / 1000) + " s)");
            sw = Stopwatch.start();
            for (SimulatedDevice d : rest) {
                engine.joinFromWelcome(d.identity, List.of(d.keyPackage), welcome);
            }
            Timing all = sw.stop();
            joined += rest.size();
            join.put("allMembers", Map.of("count", others.size(), "wallMs", all.wallMs() + sum(joins, Timing::wallMs),
                    "cpuMs", all.cpuMs() + sum(joins, Timing::cpuMs)));
        } else if (!rest.isEmpty()) {
            join.put("allMembers", Map.of("skipped", "estimated " + Math.round(perJoinMs * rest.size() / 1000)
                    + " s for the other " + rest.size() + " joins exceeds half of the " + Math.round(remainingMs
                    / 1000) + " s left of the time bound", "estimatedAllWallMs", perJoinMs * others.size()));
        }
        join.put("joined", joined);
        join.put("memberGroupStateBytes", sampled.getFirst().state.toBytes().length);
        figures.put("joinFromWelcome", join);

        // (c) one application message
        progress.accept("one application message");
        sw = Stopwatch.start();
        Protected sent = engine.protect(creator.state, MESSAGE);
        Timing encrypt = sw.stop();
        creator.state = sent.state();
        byte[] ciphertext = sent.message();
        List<Timing> decrypts = new ArrayList<>();
        int decryptedBy = 0;
        for (SimulatedDevice d : sampled) {
            sw = Stopwatch.start();
            Unprotected received = engine.unprotect(d.state, ciphertext);
            decrypts.add(sw.stop());
            d.state = received.state();
            if (Arrays.equals(received.plaintext(), MESSAGE)) {
                decryptedBy++;
            }
        }
        figures.put("message", Map.of("plaintextBytes", MESSAGE.length, "ciphertextBytes", ciphertext.length,
                "encrypt", step(encrypt, Map.of()), "decryptPerMember", summary(decrypts), "decryptedBy",
                decryptedBy));

        // (d) one add and one remove at this size
        progress.accept("one add commit");
        SimulatedDevice newcomer = newDevice(members + 1);
        sw = Stopwatch.start();
        CommitResult add = engine.addMembers(creator.state, List.of(newcomer.keyPackage.keyPackage()));
        Timing addCreate = sw.stop();
        creator.state = add.pending();
        List<Timing> addHandles = handleAll(sampled, add.commit());
        byte[] addWelcome = add.welcome().orElseThrow();
        sw = Stopwatch.start();
        newcomer.state = engine.joinFromWelcome(newcomer.identity, List.of(newcomer.keyPackage), addWelcome).state();
        Timing newcomerJoin = sw.stop();
        figures.put("addOne", Map.of("create", step(addCreate, Map.of()), "commitBytes", add.commit().length,
                "welcomeBytes", addWelcome.length, "processPerMember", summary(addHandles), "newMemberJoin",
                step(newcomerJoin, Map.of())));

        progress.accept("one remove commit");
        sw = Stopwatch.start();
        CommitResult remove = engine.removeMembers(creator.state, List.of(newcomer.state.leafIndex()));
        Timing removeCreate = sw.stop();
        creator.state = remove.pending();
        List<Timing> removeHandles = handleAll(sampled, remove.commit());
        boolean removedSawRemoval = engine.handle(newcomer.state, remove.commit()) instanceof HandshakeOutcome.Removed;
        figures.put("removeOne", Map.of("create", step(removeCreate, Map.of()), "commitBytes",
                remove.commit().length, "processPerMember", summary(removeHandles)));

        byte[] authenticator = engine.epochAuthenticator(creator.state);
        boolean agree = true;
        for (SimulatedDevice d : sampled) {
            agree &= Arrays.equals(authenticator, engine.epochAuthenticator(d.state));
        }
        List<Long> epochs = sampled.stream().map(d -> d.state.epoch()).toList();
        figures.put("finalEpoch", creator.state.epoch());
        figures.put("epochAuthenticatorsAgree", agree);
        return new Result(figures, creator.state.epoch(), epochs, agree, decryptedBy, sampled.size(), joined,
                removedSawRemoval);
    }

    private SimulatedDevice newDevice(long userId) throws MlsException {
        DeviceIdentity identity = DeviceIdentity.generate(userId, 1, random);
        return new SimulatedDevice(identity, engine.createKeyPackage(identity, false));
    }

    private List<Timing> handleAll(List<SimulatedDevice> devices, byte[] commit) throws MlsException {
        List<Timing> timings = new ArrayList<>();
        for (SimulatedDevice d : devices) {
            Stopwatch sw = Stopwatch.start();
            HandshakeOutcome outcome = engine.handle(d.state, commit);
            timings.add(sw.stop());
            if (!(outcome instanceof HandshakeOutcome.Advanced advanced)) {
                throw new IllegalStateException("a member did not advance on a commit: " + outcome);
            }
            d.state = advanced.state();
        }
        return timings;
    }

    /** {@code count} devices evenly spaced over the list, so the sample covers near and far leaves of the tree. */
    static List<SimulatedDevice> spread(List<SimulatedDevice> devices, int count) {
        List<SimulatedDevice> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(devices.get((int) ((long) i * devices.size() / count)));
        }
        return picked;
    }

    private static Map<String, Object> step(Timing t, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallMs", t.wallMs());
        m.put("cpuMs", t.cpuMs());
        m.putAll(extra);
        return m;
    }

    private static Map<String, Object> summary(List<Timing> timings) {
        List<Double> wall = timings.stream().map(Timing::wallMs).sorted().toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", timings.size());
        m.put("meanWallMs", mean(timings, Timing::wallMs));
        m.put("medianWallMs", wall.get(wall.size() / 2));
        m.put("maxWallMs", wall.getLast());
        m.put("meanCpuMs", mean(timings, Timing::cpuMs));
        return m;
    }

    private static double mean(List<Timing> timings, java.util.function.ToDoubleFunction<Timing> f) {
        return sum(timings, f) / timings.size();
    }

    private static double sum(List<Timing> timings, java.util.function.ToDoubleFunction<Timing> f) {
        return timings.stream().mapToDouble(f).sum();
    }
}
