package dev.parley.crypto.mls;

import static dev.parley.crypto.mls.MlsException.Reason.DECRYPT_FAILED;
import static dev.parley.crypto.mls.MlsException.Reason.FUTURE_EPOCH;
import static dev.parley.crypto.mls.MlsException.Reason.INVALID_ARGUMENT;
import static dev.parley.crypto.mls.MlsException.Reason.INVALID_KEY_PACKAGE;
import static dev.parley.crypto.mls.MlsException.Reason.INVALID_MESSAGE;
import static dev.parley.crypto.mls.MlsException.Reason.NOT_A_MEMBER;
import static dev.parley.crypto.mls.MlsException.Reason.OWN_COMMIT;
import static dev.parley.crypto.mls.MlsException.Reason.STALE_EPOCH;

import dev.parley.crypto.identity.DeviceCredential;
import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.protocol.mls.MlsFraming;
import dev.parley.protocol.mls.MlsFramingException;
import dev.parley.protocol.mls.MlsFramingParser;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.AuthenticatedContent;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.Commit;
import org.bouncycastle.mls.codec.ContentType;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.ProposalOrRef;
import org.bouncycastle.mls.codec.ProposalOrRefType;
import org.bouncycastle.mls.codec.ProposalType;
import org.bouncycastle.mls.codec.SenderType;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.CachedProposal;
import org.bouncycastle.mls.protocol.Group;

/**
 * {@link MlsEngine} over Bouncy Castle's bcmls 1.84. All cryptography is bcmls's; this class adds the typed API,
 * credential checks, epoch pre-checks from the cleartext framing, removal detection and state snapshots.
 */
public final class BcMlsEngine implements MlsEngine {
    /** MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519. */
    public static final short SUITE_ID = MlsCipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    public static final int MAX_GROUP_ID_LENGTH = MlsFramingParser.MAX_GROUP_ID_LENGTH;
    /** Application plaintexts are padded so the ciphertext length reveals only a multiple of this. */
    static final int PADDING_BLOCK = 64;
    private static final int ED25519_SIGNATURE_FIELD = 1 + 64;

    /**
     * bcmls hands out one suite object per JVM, and its AEAD keeps one cipher instance that every encryption and
     * decryption re-initialises: two threads using it at once corrupt each other ("mac check in GCM failed"). So
     * every operation holds the suite's monitor, which serialises MLS work across all engines of the JVM.
     */
    private final MlsCipherSuite suite;
    private final HPKE hpke;
    private final SecureRandom random;

    public BcMlsEngine(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
        try {
            this.suite = MlsCipherSuite.getSuite(SUITE_ID);
        } catch (Exception e) {
            throw new IllegalStateException("bcmls lacks suite 0x0001", e);
        }
        this.hpke = suite.getHPKE();
    }

    @Override
    public KeyPackageBundle createKeyPackage(DeviceIdentity identity, boolean lastResort) throws MlsException {
        synchronized (suite) {
            try {
                AsymmetricCipherKeyPair init = hpke.generatePrivateKey();
                AsymmetricCipherKeyPair encryption = hpke.generatePrivateKey();
                LeafNode leaf = leafNode(identity, encryption);
                KeyPackage kp = new KeyPackage(suite, hpke.serializePublicKey(init.getPublic()), leaf,
                        new ArrayList<>(), identity.privateKey());
                byte[] message = MLSOutputStream.encode(MLSMessage.keyPackage(kp));
                byte[] reference = suite.refHash(MLSOutputStream.encode(kp), "MLS 1.0 KeyPackage Reference");
                return new KeyPackageBundle(message, reference, hpke.serializePrivateKey(init.getPrivate()),
                        hpke.serializePrivateKey(encryption.getPrivate()), lastResort);
            } catch (Exception e) {
                throw new IllegalStateException("creating a key package from valid keys failed", e);
            }
        }
    }

    @Override
    public GroupState createGroup(DeviceIdentity identity, byte[] groupId) throws MlsException {
        synchronized (suite) {
            if (groupId == null || groupId.length == 0 || groupId.length > MAX_GROUP_ID_LENGTH) {
                throw new MlsException(INVALID_ARGUMENT, "a group id has 1 to " + MAX_GROUP_ID_LENGTH + " bytes");
            }
            try {
                AsymmetricCipherKeyPair encryption = hpke.generatePrivateKey();
                Group group = new Group(groupId, suite, encryption, identity.privateKey(),
                        leafNode(identity, encryption), new ArrayList<>());
                return BcGroupStateCodec.encode(group);
            } catch (MlsException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("creating a group from valid keys failed", e);
            }
        }
    }

    private LeafNode leafNode(DeviceIdentity identity, AsymmetricCipherKeyPair encryption) throws Exception {
        return new LeafNode(suite, hpke.serializePublicKey(encryption.getPublic()), identity.publicKey(),
                Credential.forBasic(identity.credential().encode()), new Capabilities(), new LifeTime(),
                new ArrayList<>(), identity.privateKey());
    }

    @Override
    public CommitResult addMembers(GroupState state, List<byte[]> keyPackages) throws MlsException {
        synchronized (suite) {
            if (keyPackages.isEmpty()) {
                throw new MlsException(INVALID_ARGUMENT, "no key packages to add");
            }
            List<Proposal> adds = new ArrayList<>();
            for (byte[] kp : keyPackages) {
                KeyPackage parsed = parseKeyPackage(kp);
                try {
                    adds.add(Proposal.add(parsed));
                } catch (java.io.IOException e) {
                    throw new MlsException(INVALID_KEY_PACKAGE, "cannot encode the Add proposal", e);
                }
            }
            return commit(BcGroupStateCodec.decode(state), adds, true);
        }
    }

    @Override
    public CommitResult removeMembers(GroupState state, List<Integer> leafIndices) throws MlsException {
        synchronized (suite) {
            if (leafIndices.isEmpty()) {
                throw new MlsException(INVALID_ARGUMENT, "no members to remove");
            }
            Group group = BcGroupStateCodec.decode(state);
            Set<Integer> present = new HashSet<>();
            for (Member m : members(group)) {
                present.add(m.leafIndex());
            }
            List<Proposal> removes = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            for (int leaf : leafIndices) {
                if (leaf == state.leafIndex()) {
                    throw new MlsException(INVALID_ARGUMENT, "a member cannot remove itself; another member must");
                }
                if (!present.contains(leaf) || !seen.add(leaf)) {
                    throw new MlsException(INVALID_ARGUMENT, "leaf " + leaf + " is not a member or is listed twice");
                }
                removes.add(Proposal.remove(new LeafIndex(leaf)));
            }
            return commit(group, removes, false);
        }
    }

    @Override
    public CommitResult selfUpdate(GroupState state) throws MlsException {
        synchronized (suite) {
            return commit(BcGroupStateCodec.decode(state), List.of(), false);
        }
    }

    private CommitResult commit(Group group, List<Proposal> proposals, boolean welcomesMembers)
            throws MlsException {
        try {
            byte[] leafSecret = new byte[suite.getKDF().getHashLength()];
            random.nextBytes(leafSecret);
            // Inline tree: the Welcome carries the ratchet tree, so joiners need nothing else from the server.
            // Force path: every commit refreshes the committer's keys (post-compromise security).
            var options = new Group.CommitOptions(new ArrayList<>(proposals), true, true, null);
            var messageOptions = new Group.MessageOptions(true, new byte[0], 0);
            Group.GroupWithMessage result = group.commit(new Secret(leafSecret), options, messageOptions,
                    new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
            Optional<byte[]> welcome = Optional.empty();
            if (welcomesMembers) {
                // A Welcome is the commit's MLSMessage re-encoded with wire format mls_welcome.
                MLSMessage w = new MLSMessage(WireFormat.mls_welcome);
                w.welcome = result.message.welcome;
                welcome = Optional.of(MLSOutputStream.encode(w));
            }
            byte[] commit = MLSOutputStream.encode(result.message);
            return new CommitResult(commit, welcome, BcGroupStateCodec.encode(group),
                    BcGroupStateCodec.encode(result.group));
        } catch (MlsException e) {
            throw e;
        } catch (Exception e) {
            throw new MlsException(INVALID_ARGUMENT, "bcmls refused the commit: " + e.getMessage(), e);
        }
    }

    @Override
    public JoinResult joinFromWelcome(DeviceIdentity identity, List<KeyPackageBundle> keyPackages, byte[] welcome)
            throws MlsException {
        synchronized (suite) {
            MLSMessage message = decodeMessage(welcome);
            if (message.wireFormat != WireFormat.mls_welcome || message.welcome == null) {
                throw new MlsException(INVALID_MESSAGE, "not a Welcome");
            }
            for (KeyPackageBundle bundle : keyPackages) {
                KeyPackage kp = parseKeyPackage(bundle.keyPackage());
                if (!welcomes(message, kp)) {
                    continue;
                }
                Group group;
                try {
                    AsymmetricCipherKeyPair leafKey = hpke.deserializePrivateKey(bundle.encryptionPrivateKey(),
                            kp.getLeafNode().getEncryptionKey());
                    group = new Group(bundle.initPrivateKey(), leafKey, identity.privateKey(), kp, message.welcome,
                            null, new HashMap<>(), new HashMap<>());
                } catch (Exception e) {
                    throw new MlsException(INVALID_MESSAGE, "cannot join from this Welcome: " + e.getMessage(), e);
                }
                List<Member> members = members(group);
                Member self = members.stream().filter(m -> m.leafIndex() == group.getIndex().value()).findFirst()
                        .orElseThrow(() -> new MlsException(INVALID_MESSAGE, "our leaf is missing from the tree"));
                if (!self.credential().equals(identity.credential())) {
                    throw new MlsException(INVALID_MESSAGE, "the Welcome puts another credential at our leaf");
                }
                return new JoinResult(BcGroupStateCodec.encode(group), bundle);
            }
            throw new MlsException(NOT_A_MEMBER, "the Welcome is for none of our key packages");
        }
    }

    private static boolean welcomes(MLSMessage welcome, KeyPackage kp) throws MlsException {
        try {
            return welcome.welcome.find(kp) >= 0;
        } catch (java.io.IOException e) {
            throw new MlsException(INVALID_MESSAGE, "unreadable Welcome", e);
        }
    }

    @Override
    public HandshakeOutcome handle(GroupState state, byte[] message) throws MlsException {
        synchronized (suite) {
            MlsFraming framing = checkFraming(state, message);
            if (framing.contentType().orElseThrow() == MlsFraming.ContentType.APPLICATION) {
                throw new MlsException(INVALID_MESSAGE, "an application message is not a handshake message");
            }
            Group group = BcGroupStateCodec.decode(state);
            AuthenticatedContent auth = authenticate(group, message);
            LeafIndex sender = auth.getContent().getSender().getSender();
            if (sender.equals(group.getIndex())) {
                throw new MlsException(OWN_COMMIT, "our own handshake message: adopt CommitResult.pending instead");
            }
            Member from = member(group, sender);
            if (auth.getContent().getContentType() == ContentType.PROPOSAL) {
                try {
                    Proposal proposal = auth.getContent().getProposal();
                    if (proposal.getProposalType() == ProposalType.REMOVE
                            && proposal.getRemove().removed.equals(group.getIndex())) {
                        // bcmls refuses to queue a proposal that removes us, but we must remember it to recognise
                        // the commit that references it as our removal.
                        byte[] ref = suite.refHash(MLSOutputStream.encode(auth), "MLS 1.0 Proposal Reference");
                        BcGroupStateCodec.pendingProposals(group).add(new CachedProposal(ref, proposal, sender));
                    } else {
                        group.handle(auth, null, null);
                    }
                } catch (Exception e) {
                    throw new MlsException(INVALID_MESSAGE, "proposal rejected: " + e.getMessage(), e);
                }
                return new HandshakeOutcome.ProposalQueued(BcGroupStateCodec.encode(group), from);
            }
            // bcmls reports our own removal as a generic "Invalid proposal list"; recognise it first.
            if (removesLeaf(group, auth.getContent().getCommit(), group.getIndex())) {
                return new HandshakeOutcome.Removed(group.getEpoch(), from);
            }
            List<Member> before = members(group);
            Group next;
            try {
                next = group.handle(auth, null, null);
            } catch (Exception e) {
                throw new MlsException(INVALID_MESSAGE, "commit rejected: " + e.getMessage(), e);
            }
            List<Member> after = members(next);
            return new HandshakeOutcome.Advanced(BcGroupStateCodec.encode(next), from,
                    after.stream().filter(m -> !before.contains(m)).toList(),
                    before.stream().filter(m -> !after.contains(m)).toList());
        }
    }

    private static boolean removesLeaf(Group group, Commit commit, LeafIndex leaf) {
        for (ProposalOrRef p : commit.getProposals()) {
            Proposal proposal = null;
            if (p.getType() == ProposalOrRefType.PROPOSAL) {
                proposal = p.getProposal();
            } else {
                for (CachedProposal cached : BcGroupStateCodec.pendingProposals(group)) {
                    if (Arrays.equals(BcGroupStateCodec.proposalRef(cached), p.getReference())) {
                        proposal = BcGroupStateCodec.proposal(cached);
                    }
                }
            }
            if (proposal != null && proposal.getProposalType() == ProposalType.REMOVE
                    && proposal.getRemove().removed.equals(leaf)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Protected protect(GroupState state, byte[] plaintext) throws MlsException {
        synchronized (suite) {
            Objects.requireNonNull(plaintext, "plaintext");
            Group group = BcGroupStateCodec.decode(state);
            try {
                MLSMessage message = group.protect(new byte[0], plaintext, padding(plaintext.length));
                return new Protected(BcGroupStateCodec.encode(group), MLSOutputStream.encode(message));
            } catch (MlsException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("encrypting for a valid group state failed", e);
            }
        }
    }

    /** Zero padding so that the encrypted content (length prefix, data, signature) fills whole blocks. */
    static int padding(int length) {
        int prefix = length < 64 ? 1 : length < 16384 ? 2 : 4;
        int content = prefix + length + ED25519_SIGNATURE_FIELD;
        return (PADDING_BLOCK - content % PADDING_BLOCK) % PADDING_BLOCK;
    }

    @Override
    public Unprotected unprotect(GroupState state, byte[] message) throws MlsException {
        synchronized (suite) {
            MlsFraming framing = checkFraming(state, message);
            if (framing.wireFormat() != MlsFraming.WireFormat.PRIVATE_MESSAGE
                    || framing.contentType().orElseThrow() != MlsFraming.ContentType.APPLICATION) {
                throw new MlsException(INVALID_MESSAGE, "application data must come as an encrypted PrivateMessage");
            }
            Group group = BcGroupStateCodec.decode(state);
            AuthenticatedContent auth = authenticate(group, message);
            Member sender = member(group, auth.getContent().getSender().getSender());
            try {
                return new Unprotected(BcGroupStateCodec.encode(group), auth.getContent().getContentBytes(), sender);
            } catch (java.io.IOException e) {
                throw new MlsException(INVALID_MESSAGE, "unreadable application content", e);
            }
        }
    }

    @Override
    public byte[] exportSecret(GroupState state, String label, byte[] context, int length) throws MlsException {
        synchronized (suite) {
            if (length <= 0 || length > 255 * 32) {
                throw new MlsException(INVALID_ARGUMENT, "exporter length must be 1.." + 255 * 32);
            }
            try {
                return BcGroupStateCodec.decode(state).getKeySchedule().MLSExporter(label, context, length);
            } catch (MlsException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("exporter failed on a valid state", e);
            }
        }
    }

    @Override
    public byte[] epochAuthenticator(GroupState state) throws MlsException {
        synchronized (suite) {
            return BcGroupStateCodec.decode(state).getEpochAuthenticator();
        }
    }

    @Override
    public List<Member> members(GroupState state) throws MlsException {
        synchronized (suite) {
            return members(BcGroupStateCodec.decode(state));
        }
    }

    // ---- helpers ----

    /** Cleartext pre-checks: right group, current epoch. Cheap, and gives STALE_EPOCH/FUTURE_EPOCH precisely. */
    private static MlsFraming checkFraming(GroupState state, byte[] message) throws MlsException {
        MlsFraming framing;
        try {
            framing = MlsFramingParser.parse(message);
        } catch (MlsFramingException e) {
            throw new MlsException(INVALID_MESSAGE, e.getMessage(), e);
        }
        if (framing.contentType().isEmpty()) {
            throw new MlsException(INVALID_MESSAGE, "a " + framing.wireFormat() + " is not a group message");
        }
        if (!Arrays.equals(framing.groupId(), state.groupId())) {
            throw new MlsException(INVALID_MESSAGE, "the message is for another group");
        }
        if (framing.epoch() < state.epoch()) {
            throw new MlsException(STALE_EPOCH, "message of epoch " + framing.epoch() + ", group is at "
                    + state.epoch());
        }
        if (framing.epoch() > state.epoch()) {
            throw new MlsException(FUTURE_EPOCH, "message of epoch " + framing.epoch() + ", group is at "
                    + state.epoch() + ": handle the missing commits first");
        }
        return framing;
    }

    private MLSMessage decodeMessage(byte[] bytes) throws MlsException {
        try {
            return (MLSMessage) MLSInputStream.decode(bytes, MLSMessage.class);
        } catch (Exception e) {
            throw new MlsException(INVALID_MESSAGE, "not an MLSMessage: " + e.getMessage(), e);
        }
    }

    /** Decrypts (or checks the membership tag of) a message and verifies the member's signature over it. */
    private AuthenticatedContent authenticate(Group group, byte[] bytes) throws MlsException {
        MLSMessage message = decodeMessage(bytes);
        AuthenticatedContent auth;
        byte[] context;
        try {
            context = MLSOutputStream.encode(BcGroupStateCodec.groupContext(group));
        } catch (Exception e) {
            throw new MlsException(MlsException.Reason.CORRUPT_STATE, "cannot rebuild the group context", e);
        }
        try {
            auth = switch (message.wireFormat) {
                case mls_private_message -> message.privateMessage.unprotect(suite, BcGroupStateCodec.keys(group),
                        group.getKeySchedule().senderDataSecret.value());
                case mls_public_message -> message.publicMessage.unprotect(suite,
                        group.getKeySchedule().membershipKey, BcGroupStateCodec.groupContext(group));
                default -> throw new MlsException(INVALID_MESSAGE, "wire format " + message.wireFormat);
            };
        } catch (MlsException e) {
            throw e;
        } catch (Exception e) {
            throw new MlsException(DECRYPT_FAILED, "cannot decrypt: " + e.getMessage(), e);
        }
        if (auth == null) {
            throw new MlsException(DECRYPT_FAILED, "decryption or membership check failed");
        }
        if (auth.getContent().getSender().getSenderType() != SenderType.MEMBER) {
            throw new MlsException(INVALID_MESSAGE, "only members may send (got "
                    + auth.getContent().getSender().getSenderType() + ")");
        }
        LeafNode leaf = group.getTree().getLeafNode(auth.getContent().getSender().getSender());
        try {
            if (leaf == null || !auth.verify(suite, leaf.getSignatureKey(), context)) {
                throw new MlsException(INVALID_MESSAGE, "bad signature or unknown sender");
            }
        } catch (MlsException e) {
            throw e;
        } catch (Exception e) {
            throw new MlsException(INVALID_MESSAGE, "cannot verify the signature: " + e.getMessage(), e);
        }
        return auth;
    }

    /** Decodes and validates a key package claimed from the server. */
    private KeyPackage parseKeyPackage(byte[] bytes) throws MlsException {
        MLSMessage message;
        try {
            message = (MLSMessage) MLSInputStream.decode(bytes, MLSMessage.class);
        } catch (Exception e) {
            throw new MlsException(INVALID_KEY_PACKAGE, "not an MLSMessage: " + e.getMessage(), e);
        }
        if (message.wireFormat != WireFormat.mls_key_package || message.keyPackage == null) {
            throw new MlsException(INVALID_KEY_PACKAGE, "not a key package");
        }
        KeyPackage kp = message.keyPackage;
        try {
            if (kp.getSuite().getSuiteID() != SUITE_ID || !kp.verify()) {
                throw new MlsException(INVALID_KEY_PACKAGE, "wrong suite or bad signature");
            }
        } catch (MlsException e) {
            throw e;
        } catch (Exception e) {
            throw new MlsException(INVALID_KEY_PACKAGE, "cannot verify: " + e.getMessage(), e);
        }
        credentialOf(kp.getLeafNode(), INVALID_KEY_PACKAGE);
        return kp;
    }

    private static DeviceCredential credentialOf(LeafNode leaf, MlsException.Reason reason) throws MlsException {
        Credential credential = leaf.getCredential();
        DeviceCredential device;
        try {
            device = DeviceCredential.decode(credential.getIdentity());
        } catch (IllegalArgumentException e) {
            throw new MlsException(reason, "not a Parley device credential: " + e.getMessage(), e);
        }
        if (!Arrays.equals(device.publicKey(), leaf.getSignatureKey())) {
            throw new MlsException(reason, "the credential's key is not the leaf's signature key");
        }
        return device;
    }

    private static Member member(Group group, LeafIndex index) throws MlsException {
        LeafNode leaf = group.getTree().getLeafNode(index);
        if (leaf == null) {
            throw new MlsException(INVALID_MESSAGE, "leaf " + index.value() + " is blank");
        }
        return new Member(index.value(), credentialOf(leaf, INVALID_MESSAGE));
    }

    private static List<Member> members(Group group) throws MlsException {
        List<Member> members = new ArrayList<>();
        long leaves = group.getTree().getSize().leafCount();
        for (int i = 0; i < leaves; i++) {
            if (group.getTree().getLeafNode(new LeafIndex(i)) != null) {
                members.add(member(group, new LeafIndex(i)));
            }
        }
        return members;
    }
}
