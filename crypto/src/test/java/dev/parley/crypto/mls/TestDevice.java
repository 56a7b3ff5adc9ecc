package dev.parley.crypto.mls;

import dev.parley.crypto.identity.DeviceIdentity;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * One simulated device in an engine test: its identity, its published key package and its latest group state.
 * Tests play the delivery service by passing commit and welcome bytes between devices in an explicit order.
 */
final class TestDevice {
    static final SecureRandom RANDOM = new SecureRandom();

    final MlsEngine engine;
    final DeviceIdentity identity;
    final KeyPackageBundle keyPackage;
    GroupState state;

    TestDevice(MlsEngine engine, long userId, long deviceId) throws MlsException {
        this.engine = engine;
        this.identity = DeviceIdentity.generate(userId, deviceId, RANDOM);
        this.keyPackage = engine.createKeyPackage(identity, false);
    }

    TestDevice createGroup(byte[] groupId) throws MlsException {
        state = engine.createGroup(identity, groupId);
        return this;
    }

    /** Commits the addition and adopts the pending state, as after the delivery service accepted the commit. */
    CommitResult add(TestDevice first, TestDevice... more) throws MlsException {
        List<TestDevice> joiners = new java.util.ArrayList<>(List.of(more));
        joiners.addFirst(first);
        List<byte[]> kps = joiners.stream().map(d -> d.keyPackage.keyPackage()).toList();
        CommitResult result = engine.addMembers(state, kps);
        state = result.pending();
        for (TestDevice joiner : joiners) {
            joiner.join(result.welcome().orElseThrow());
        }
        return result;
    }

    void join(byte[] welcome) throws MlsException {
        state = engine.joinFromWelcome(identity, List.of(keyPackage), welcome).state();
    }

    HandshakeOutcome handle(byte[] message) throws MlsException {
        HandshakeOutcome outcome = engine.handle(state, message);
        switch (outcome) {
            case HandshakeOutcome.Advanced a -> state = a.state();
            case HandshakeOutcome.ProposalQueued q -> state = q.state();
            case HandshakeOutcome.Removed r -> state = null;
        }
        return outcome;
    }

    byte[] send(String text) throws MlsException {
        Protected p = engine.protect(state, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        state = p.state();
        return p.message();
    }

    String receive(byte[] message) throws MlsException {
        Unprotected u = engine.unprotect(state, message);
        state = u.state();
        return new String(u.plaintext(), java.nio.charset.StandardCharsets.UTF_8);
    }

    byte[] epochAuthenticator() throws MlsException {
        return engine.epochAuthenticator(state);
    }

    Optional<Member> memberFor(TestDevice other) throws MlsException {
        return engine.members(state).stream().filter(m -> m.credential().equals(other.identity.credential()))
                .findFirst();
    }
}
