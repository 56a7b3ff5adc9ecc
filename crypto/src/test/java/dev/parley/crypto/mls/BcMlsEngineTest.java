package dev.parley.crypto.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BcMlsEngineTest {
    private final MlsEngine engine = new BcMlsEngine(new SecureRandom());
    private final byte[] groupId = "chat-42".getBytes(StandardCharsets.UTF_8);
    private TestDevice alice;
    private TestDevice bob;
    private TestDevice carol;

    @BeforeEach
    void threeMembers() throws MlsException {
        alice = new TestDevice(engine, 1, 11).createGroup(groupId);
        bob = new TestDevice(engine, 2, 21);
        carol = new TestDevice(engine, 3, 31);
        alice.add(bob, carol);
    }

    @Test
    void threeMembersExchangeMessagesInEveryDirection() throws MlsException {
        assertThat(alice.state.epoch()).isEqualTo(1);
        assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator())
                .isEqualTo(carol.epochAuthenticator());

        byte[] fromAlice = alice.send("hello from alice");
        assertThat(bob.receive(fromAlice)).isEqualTo("hello from alice");
        assertThat(carol.receive(fromAlice)).isEqualTo("hello from alice");

        byte[] fromBob = bob.send("hi, bob here");
        assertThat(alice.receive(fromBob)).isEqualTo("hi, bob here");
        assertThat(carol.receive(fromBob)).isEqualTo("hi, bob here");

        byte[] fromCarol = carol.send("carol too");
        assertThat(alice.receive(fromCarol)).isEqualTo("carol too");
        assertThat(bob.receive(fromCarol)).isEqualTo("carol too");
    }

    @Test
    void theSenderOfAMessageIsTheAuthenticatedDevice() throws MlsException {
        byte[] fromBob = bob.send("signed by bob");

        Unprotected received = engine.unprotect(alice.state, fromBob);

        assertThat(received.sender().credential()).isEqualTo(bob.identity.credential());
        assertThat(received.sender().credential().userId()).isEqualTo(2);
    }

    @Test
    void aMessageCannotBeDecryptedTwice() throws MlsException {
        byte[] message = alice.send("once");
        bob.receive(message);

        assertThatThrownBy(() -> bob.receive(message)).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.DECRYPT_FAILED);
    }

    @Test
    void aTamperedMessageIsRejected() throws MlsException {
        byte[] message = alice.send("integrity");
        message[message.length - 1] ^= 1;

        assertThatThrownBy(() -> bob.receive(message)).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.DECRYPT_FAILED);
    }

    @Test
    void aRemovedMemberLearnsItWasRemovedAndCannotReadLaterMessages() throws MlsException {
        TestDevice dave = new TestDevice(engine, 4, 41);
        CommitResult addDave = alice.add(dave);
        bob.handle(addDave.commit());
        carol.handle(addDave.commit());
        assertThat(dave.receive(alice.send("welcome dave"))).isEqualTo("welcome dave");

        int daveLeaf = alice.memberFor(dave).orElseThrow().leafIndex();
        GroupState daveBefore = dave.state;
        CommitResult removal = engine.removeMembers(bob.state, List.of(daveLeaf));
        bob.state = removal.pending();
        HandshakeOutcome aliceSees = alice.handle(removal.commit());
        carol.handle(removal.commit());
        HandshakeOutcome daveSees = dave.handle(removal.commit());

        assertThat(daveSees).isInstanceOfSatisfying(HandshakeOutcome.Removed.class,
                r -> assertThat(r.remover().credential()).isEqualTo(bob.identity.credential()));
        assertThat(aliceSees).isInstanceOfSatisfying(HandshakeOutcome.Advanced.class,
                a -> assertThat(a.removed()).extracting(m -> m.credential().userId()).containsExactly(4L));
        byte[] secret = alice.send("dave must not read this");
        assertThat(carol.receive(secret)).isEqualTo("dave must not read this");
        assertThatThrownBy(() -> engine.unprotect(daveBefore, secret)).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.FUTURE_EPOCH);
        assertThat(engine.members(alice.state)).extracting(m -> m.credential().userId())
                .containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void ofTwoConcurrentCommitsOnlyTheFirstAppliesAndNoMemberForks() throws MlsException {
        CommitResult fromAlice = engine.selfUpdate(alice.state);
        CommitResult fromBob = engine.selfUpdate(bob.state);
        alice.state = fromAlice.current();
        bob.state = fromBob.current();

        // The delivery service orders Alice's commit first: she adopts it, the others handle it.
        alice.state = fromAlice.pending();
        bob.handle(fromAlice.commit());
        carol.handle(fromAlice.commit());

        for (TestDevice member : List.of(alice, bob, carol)) {
            assertThatThrownBy(() -> member.handle(fromBob.commit())).isInstanceOf(MlsException.class)
                    .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.STALE_EPOCH);
        }
        assertThat(List.of(alice.state.epoch(), bob.state.epoch(), carol.state.epoch())).containsOnly(2L);
        assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator())
                .isEqualTo(carol.epochAuthenticator());
        assertThat(carol.receive(bob.send("rebased"))).isEqualTo("rebased");
    }

    @Test
    void everyMemberExportsTheSameSecret() throws MlsException {
        byte[] context = "call-7".getBytes(StandardCharsets.UTF_8);

        byte[] a = engine.exportSecret(alice.state, "parley call key", context, 32);
        byte[] b = engine.exportSecret(bob.state, "parley call key", context, 32);
        byte[] c = engine.exportSecret(carol.state, "parley call key", context, 32);
        byte[] otherLabel = engine.exportSecret(alice.state, "another label", context, 32);

        assertThat(a).hasSize(32).isEqualTo(b).isEqualTo(c).isNotEqualTo(otherLabel);
    }

    @Test
    void aRestoredStateContinuesTheConversationWithoutReusingKeys() throws MlsException {
        byte[] first = alice.send("before restart");
        bob.receive(first);

        bob.state = GroupState.fromBytes(bob.state.toBytes());
        alice.state = GroupState.fromBytes(alice.state.toBytes());

        assertThat(bob.receive(alice.send("after restart"))).isEqualTo("after restart");
        assertThat(alice.receive(bob.send("bob after restart"))).isEqualTo("bob after restart");
        assertThatThrownBy(() -> bob.receive(first)).isInstanceOf(MlsException.class);
        CommitResult update = engine.selfUpdate(bob.state);
        bob.state = update.pending();
        alice.handle(update.commit());
        carol.handle(update.commit());
        assertThat(carol.receive(alice.send("next epoch"))).isEqualTo("next epoch");
    }

    @Test
    void anOfflineMemberCatchesUpThroughSeveralEpochsInOrder() throws MlsException {
        List<byte[]> missed = new ArrayList<>();
        for (TestDevice committer : List.of(alice, bob, alice, bob)) {
            CommitResult update = engine.selfUpdate(committer.state);
            committer.state = update.pending();
            TestDevice other = committer == alice ? bob : alice;
            other.handle(update.commit());
            missed.add(update.commit());
        }
        byte[] latest = alice.send("you missed four epochs");

        assertThatThrownBy(() -> carol.receive(latest)).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.FUTURE_EPOCH);
        assertThatThrownBy(() -> carol.handle(missed.get(1))).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.FUTURE_EPOCH);
        for (byte[] commit : missed) {
            carol.handle(commit);
        }

        assertThat(carol.state.epoch()).isEqualTo(5);
        assertThat(carol.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
        assertThat(carol.receive(latest)).isEqualTo("you missed four epochs");
    }

    @Test
    void ownCommitsAreAdoptedFromTheResultNotHandled() throws MlsException {
        CommitResult update = engine.selfUpdate(alice.state);

        assertThatThrownBy(() -> engine.handle(update.current(), update.commit())).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.OWN_COMMIT);
    }

    @Test
    void aWelcomeForSomeoneElseIsNotAMembership() throws MlsException {
        TestDevice dave = new TestDevice(engine, 4, 41);
        TestDevice eve = new TestDevice(engine, 5, 51);
        CommitResult addDave = engine.addMembers(alice.state, List.of(dave.keyPackage.keyPackage()));

        assertThatThrownBy(() -> eve.join(addDave.welcome().orElseThrow())).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.NOT_A_MEMBER);
    }

    @Test
    void aKeyPackageWithABrokenSignatureIsRefused() throws MlsException {
        byte[] tampered = bob.keyPackage.keyPackage();
        tampered[tampered.length - 10] ^= 1; // inside the signature

        assertThatThrownBy(() -> engine.addMembers(alice.state, List.of(tampered))).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.INVALID_KEY_PACKAGE);
    }

    @Test
    void aKeyPackageWhoseCredentialClaimsAnotherDevicesKeyIsRefused() throws Exception {
        // Mallory signs a well-formed key package whose credential names Bob's device and Bob's public key.
        var suite = org.bouncycastle.mls.crypto.MlsCipherSuite.getSuite(BcMlsEngine.SUITE_ID);
        var mallory = dev.parley.crypto.identity.DeviceIdentity.generate(6, 61, TestDevice.RANDOM);
        var hpke = suite.getHPKE();
        var leaf = new org.bouncycastle.mls.TreeKEM.LeafNode(suite,
                hpke.serializePublicKey(hpke.generatePrivateKey().getPublic()), mallory.publicKey(),
                org.bouncycastle.mls.codec.Credential.forBasic(bob.identity.credential().encode()),
                new org.bouncycastle.mls.codec.Capabilities(), new org.bouncycastle.mls.TreeKEM.LifeTime(),
                new ArrayList<>(), mallory.privateKey());
        var kp = new org.bouncycastle.mls.codec.KeyPackage(suite,
                hpke.serializePublicKey(hpke.generatePrivateKey().getPublic()), leaf, new ArrayList<>(),
                mallory.privateKey());
        byte[] forged = org.bouncycastle.mls.codec.MLSOutputStream.encode(
                org.bouncycastle.mls.codec.MLSMessage.keyPackage(kp));

        assertThatThrownBy(() -> engine.addMembers(alice.state, List.of(forged))).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.INVALID_KEY_PACKAGE);
    }

    @Test
    void aProposalByReferenceTakesEffectWithTheNextCommitAndItsTargetLearnsItWasRemoved() throws Exception {
        // Bob proposes removing Carol (a standalone proposal, as other MLS clients may send); the engine never
        // sends one itself, so the test makes it with bcmls on Bob's decoded state.
        var bobGroup = BcGroupStateCodec.decode(bob.state);
        int carolLeaf = alice.memberFor(carol).orElseThrow().leafIndex();
        byte[] proposal = org.bouncycastle.mls.codec.MLSOutputStream.encode(bobGroup.remove(
                new org.bouncycastle.mls.TreeKEM.LeafIndex(carolLeaf),
                new org.bouncycastle.mls.protocol.Group.MessageOptions(true, new byte[0], 0)));

        assertThat(alice.handle(proposal)).isInstanceOf(HandshakeOutcome.ProposalQueued.class);
        assertThat(carol.handle(proposal)).isInstanceOf(HandshakeOutcome.ProposalQueued.class);
        alice.state = GroupState.fromBytes(alice.state.toBytes()); // the queued proposal survives persistence
        CommitResult commit = engine.selfUpdate(alice.state);
        alice.state = commit.pending();

        assertThat(carol.handle(commit.commit())).isInstanceOf(HandshakeOutcome.Removed.class);
        assertThat(engine.members(alice.state)).extracting(m -> m.credential().userId())
                .containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aDamagedGroupStateIsATypedError() throws MlsException {
        byte[] bytes = alice.state.toBytes();
        GroupState truncated = GroupState.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 7));
        byte[] extended = java.util.Arrays.copyOf(bytes, bytes.length + 1);

        for (GroupState damaged : List.of(truncated, GroupState.fromBytes(extended))) {
            assertThatThrownBy(() -> engine.protect(damaged, new byte[1])).isInstanceOf(MlsException.class)
                    .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.CORRUPT_STATE);
        }
        assertThatThrownBy(() -> GroupState.fromBytes(new byte[3])).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.CORRUPT_STATE);
    }

    @Test
    void aMessageForAnotherGroupIsRejected() throws MlsException {
        TestDevice stranger = new TestDevice(engine, 9, 91).createGroup("other".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> alice.receive(stranger.send("hi"))).isInstanceOf(MlsException.class)
                .extracting(e -> ((MlsException) e).reason()).isEqualTo(MlsException.Reason.INVALID_MESSAGE);
    }

    @Test
    void fiftyMembersJoinInOneCommit() throws MlsException {
        TestDevice owner = new TestDevice(engine, 100, 1).createGroup("big".getBytes(StandardCharsets.UTF_8));
        List<TestDevice> joiners = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            joiners.add(new TestDevice(engine, 100 + i, 1));
        }

        long start = System.nanoTime();
        CommitResult result = owner.add(joiners.get(0), joiners.subList(1, 50).toArray(TestDevice[]::new));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("50-member add: commit %d B, welcome %d B, commit + 50 joins in %d ms%n",
                result.commit().length, result.welcome().orElseThrow().length, millis);

        assertThat(engine.members(owner.state)).hasSize(51);
        long sendStart = System.nanoTime();
        byte[] hello = owner.send("hello fifty");
        System.out.printf("51-member group: state %d B, one protect (decode + encrypt + encode) %d ms%n",
                owner.state.toBytes().length, (System.nanoTime() - sendStart) / 1_000_000);
        assertThat(joiners.get(49).receive(hello)).isEqualTo("hello fifty");
        assertThat(joiners.get(0).epochAuthenticator()).isEqualTo(owner.epochAuthenticator());
    }

    @Test
    void enginesUsedFromSeveralThreadsAtOnceStayCorrect() throws Exception {
        // bcmls shares one AEAD cipher per suite across the JVM, so every engine must serialise its use of it.
        List<TestDevice[]> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            MlsEngine own = new BcMlsEngine(new SecureRandom());
            TestDevice first = new TestDevice(own, 100 + i, 1000 + i)
                    .createGroup(("group-" + i).getBytes(StandardCharsets.UTF_8));
            TestDevice second = new TestDevice(own, 200 + i, 2000 + i);
            first.add(second);
            pairs.add(new TestDevice[] {first, second});
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(pairs.size())) {
            List<Future<Integer>> rounds = new ArrayList<>();
            for (TestDevice[] pair : pairs) {
                rounds.add(pool.submit(() -> {
                    for (int n = 0; n < 50; n++) {
                        assertThat(pair[1].receive(pair[0].send("round " + n))).isEqualTo("round " + n);
                    }
                    return 50;
                }));
            }
            for (Future<Integer> round : rounds) {
                assertThat(round.get()).isEqualTo(50);
            }
        }
    }
}
