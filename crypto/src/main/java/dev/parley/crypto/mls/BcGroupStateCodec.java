package dev.parley.crypto.mls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.GroupKeySet;
import org.bouncycastle.mls.KeyGeneration;
import org.bouncycastle.mls.KeyScheduleEpoch;
import org.bouncycastle.mls.TranscriptHash;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeKEM.NodeIndex;
import org.bouncycastle.mls.TreeKEM.TreeKEMPrivateKey;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.GroupContext;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.CachedProposal;
import org.bouncycastle.mls.protocol.Group;

/**
 * Serializes a bcmls {@link Group} to bytes and back.
 *
 * <p>Why reflection: bcmls 1.84 keeps a group's state in private fields and offers no export or import (its own
 * interop client keeps groups in memory only). A messaging client must survive restarts, so this class reads and
 * writes exactly the fields listed below by name, and nothing else. It is the only place that knows bcmls's
 * internals; if a Bouncy Castle upgrade renames a field, every engine test fails here with a clear message
 * (the version is pinned to 1.84 in the parent pom). Signed jars forbid the alternative of a helper class in
 * bcmls's own package.
 *
 * <p>What is stored (format version 1, big-endian, lengths as uint32):
 * <ul>
 *   <li>header: group id, epoch, own leaf index (readable without keys, see {@link GroupState});
 *   <li>suite id, our signature private key, the confirmed and interim transcript hashes, group context
 *       extensions, the public ratchet tree (RFC 9420 encoding);
 *   <li>the epoch's joiner secret, from which the key schedule is re-derived with the group context (we never use
 *       PSKs, so joiner secret + context determine the epoch; the stored epoch authenticator checks it);
 *   <li>the TreeKEM private state (path secrets and cached node private keys);
 *   <li>the secret tree as it stands (consumed nodes stay deleted) and every hash ratchet (next secret, next
 *       generation, unused cached keys), so no key or nonce is ever reused after a restore and used keys stay gone;
 *   <li>proposals received by reference and not yet committed.
 * </ul>
 * Not stored: resumption and external PSKs (the engine never uses them) and cached Update proposals (never made).
 */
final class BcGroupStateCodec {
    private static final int FORMAT_VERSION = 1;
    private static final int MAGIC = 0x504d4c53; // "PMLS"

    private static final Field EPOCH = field(Group.class, "epoch");
    private static final Field GROUP_ID = field(Group.class, "groupID");
    private static final Field TRANSCRIPT_HASH = field(Group.class, "transcriptHash");
    private static final Field EXTENSIONS = field(Group.class, "extensions");
    private static final Field KEY_SCHEDULE = field(Group.class, "keySchedule");
    private static final Field TREE = field(Group.class, "tree");
    private static final Field TREE_PRIV = field(Group.class, "treePriv");
    private static final Field KEYS = field(Group.class, "keys");
    private static final Field SUITE = field(Group.class, "suite");
    private static final Field INDEX = field(Group.class, "index");
    private static final Field IDENTITY_SK = field(Group.class, "identitySk");
    private static final Field PENDING = field(Group.class, "pendingProposals");
    private static final Field CACHED_UPDATE = field(Group.class, "cachedUpdate");
    private static final Field EXTERNAL_PSKS = field(Group.class, "externalPSKs");
    private static final Field RESUMPTION_PSKS = field(Group.class, "resumptionPSKs");
    private static final Field PATH_SECRETS = field(TreeKEMPrivateKey.class, "pathSecrets");
    private static final Field PRIVATE_KEYS = field(TreeKEMPrivateKey.class, "privateKeyCache");
    private static final Field HANDSHAKE_RATCHETS = field(GroupKeySet.class, "handshakeRatchets");
    private static final Field APPLICATION_RATCHETS = field(GroupKeySet.class, "applicationRatchets");
    private static final Field RATCHET_NEXT_SECRET = field(GroupKeySet.HashRatchet.class, "nextSecret");
    private static final Field RATCHET_NEXT_GENERATION = field(GroupKeySet.HashRatchet.class, "nextGeneration");
    private static final Field RATCHET_CACHE = field(GroupKeySet.HashRatchet.class, "cache");
    private static final Field PROPOSAL_REF = field(CachedProposal.class, "proposalRef");
    private static final Field PROPOSAL = field(CachedProposal.class, "proposal");
    private static final Field PROPOSAL_SENDER = field(CachedProposal.class, "sender");
    private static final Constructor<GroupKeySet.HashRatchet> HASH_RATCHET = hashRatchetConstructor();

    private BcGroupStateCodec() {}

    // ---- read access the engine needs beyond bcmls's public getters ----

    static GroupKeySet keys(Group group) {
        return (GroupKeySet) get(KEYS, group);
    }

    static byte[] confirmedTranscriptHash(Group group) {
        return ((TranscriptHash) get(TRANSCRIPT_HASH, group)).getConfirmed();
    }

    static GroupContext groupContext(Group group) throws Exception {
        return new GroupContext(group.getSuite(), group.getGroupID(), group.getEpoch(), group.getTree().getRootHash(),
                confirmedTranscriptHash(group), group.getExtensions());
    }

    @SuppressWarnings("unchecked")
    static List<CachedProposal> pendingProposals(Group group) {
        return (List<CachedProposal>) get(PENDING, group);
    }

    static byte[] proposalRef(CachedProposal cached) {
        return (byte[]) get(PROPOSAL_REF, cached);
    }

    static Proposal proposal(CachedProposal cached) {
        return (Proposal) get(PROPOSAL, cached);
    }

    // ---- encoding ----

    static GroupState encode(Group group) throws MlsException {
        if (get(CACHED_UPDATE, group) != null) {
            throw new MlsException(MlsException.Reason.INVALID_ARGUMENT, "groups with a cached Update proposal are "
                    + "not persisted: the engine commits updates with a path instead");
        }
        try {
            var bytes = new ByteArrayOutputStream();
            var out = new DataOutputStream(bytes);
            MlsCipherSuite suite = group.getSuite();
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            GroupState.writeHeader(out, group.getGroupID(), group.getEpoch(), group.getIndex().value());
            out.writeShort(suite.getSuiteID());
            writeBytes(out, (byte[]) get(IDENTITY_SK, group));

            TranscriptHash transcript = (TranscriptHash) get(TRANSCRIPT_HASH, group);
            writeBytes(out, transcript.getConfirmed());
            writeOptional(out, transcript.getInterim());
            List<Extension> extensions = group.getExtensions();
            out.writeInt(extensions.size());
            for (Extension e : extensions) {
                writeBytes(out, MLSOutputStream.encode(e));
            }
            writeBytes(out, MLSOutputStream.encode(group.getTree()));

            KeyScheduleEpoch schedule = group.getKeySchedule();
            writeBytes(out, schedule.getJoinerSecret().value());
            writeBytes(out, group.getEpochAuthenticator());

            TreeKEMPrivateKey priv = (TreeKEMPrivateKey) get(TREE_PRIV, group);
            Map<NodeIndex, Secret> pathSecrets = map(PATH_SECRETS, priv);
            out.writeInt(pathSecrets.size());
            for (var e : pathSecrets.entrySet()) {
                out.writeLong(e.getKey().value());
                writeSecret(out, e.getValue());
            }
            Map<NodeIndex, AsymmetricCipherKeyPair> privateKeys = map(PRIVATE_KEYS, priv);
            out.writeInt(privateKeys.size());
            for (var e : privateKeys.entrySet()) {
                out.writeLong(e.getKey().value());
                writeBytes(out, suite.getHPKE().serializePrivateKey(e.getValue().getPrivate()));
                writeBytes(out, suite.getHPKE().serializePublicKey(e.getValue().getPublic()));
            }

            GroupKeySet keys = keys(group);
            out.writeInt(keys.secretTree.secrets.size());
            for (var e : keys.secretTree.secrets.entrySet()) {
                out.writeLong(e.getKey().value());
                writeSecret(out, e.getValue());
            }
            writeRatchets(out, map(HANDSHAKE_RATCHETS, keys));
            writeRatchets(out, map(APPLICATION_RATCHETS, keys));

            List<CachedProposal> pending = pendingProposals(group);
            out.writeInt(pending.size());
            for (CachedProposal p : pending) {
                writeBytes(out, proposalRef(p));
                writeBytes(out, MLSOutputStream.encode(proposal(p)));
                LeafIndex sender = (LeafIndex) get(PROPOSAL_SENDER, p);
                out.writeBoolean(sender != null);
                out.writeInt(sender == null ? 0 : sender.value());
            }
            out.flush();
            return GroupState.fromBytes(bytes.toByteArray());
        } catch (IOException e) {
            throw new MlsException(MlsException.Reason.CORRUPT_STATE, "cannot encode group state", e);
        }
    }

    private static void writeRatchets(DataOutputStream out, Map<LeafIndex, GroupKeySet.HashRatchet> ratchets)
            throws IOException {
        out.writeInt(ratchets.size());
        for (var e : ratchets.entrySet()) {
            out.writeInt(e.getKey().value());
            GroupKeySet.HashRatchet r = e.getValue();
            writeSecret(out, (Secret) get(RATCHET_NEXT_SECRET, r));
            out.writeInt((Integer) get(RATCHET_NEXT_GENERATION, r));
            Map<Integer, KeyGeneration> cache = map(RATCHET_CACHE, r);
            out.writeInt(cache.size());
            for (KeyGeneration g : cache.values()) {
                out.writeInt(g.generation);
                writeBytes(out, g.key);
                writeBytes(out, g.nonce);
            }
        }
    }

    // ---- decoding ----

    static Group decode(GroupState state) throws MlsException {
        try {
            var in = new DataInputStream(new ByteArrayInputStream(state.toBytes()));
            if (in.readInt() != MAGIC || in.readUnsignedByte() != FORMAT_VERSION) {
                throw new MlsException(MlsException.Reason.CORRUPT_STATE, "not a version-1 Parley group state");
            }
            GroupState.readHeader(in); // the header duplicates what follows; GroupState already parsed it
            MlsCipherSuite suite = MlsCipherSuite.getSuite(in.readShort());
            Group group = new Group();
            set(SUITE, group, suite);
            set(GROUP_ID, group, state.groupId());
            set(EPOCH, group, state.epoch());
            set(INDEX, group, new LeafIndex(state.leafIndex()));
            set(IDENTITY_SK, group, readBytes(in));

            byte[] confirmed = readBytes(in);
            byte[] interim = readOptional(in);
            set(TRANSCRIPT_HASH, group, new TranscriptHash(suite, confirmed, interim));
            int extensionCount = in.readInt();
            ArrayList<Extension> extensions = new ArrayList<>();
            for (int i = 0; i < extensionCount; i++) {
                extensions.add((Extension) MLSInputStream.decode(readBytes(in), Extension.class));
            }
            set(EXTENSIONS, group, extensions);
            TreeKEMPublicKey tree = (TreeKEMPublicKey) MLSInputStream.decode(readBytes(in), TreeKEMPublicKey.class);
            tree.setSuite(suite);
            tree.setHashAll();
            set(TREE, group, tree);

            byte[] joinerSecret = readBytes(in);
            byte[] epochAuthenticator = readBytes(in);
            byte[] context = MLSOutputStream.encode(groupContext(group));
            KeyScheduleEpoch schedule = KeyScheduleEpoch.joiner(suite, joinerSecret, List.of(), context);
            if (!Arrays.equals(schedule.epochAuthenticator.value(), epochAuthenticator)) {
                throw new MlsException(MlsException.Reason.CORRUPT_STATE,
                        "re-derived key schedule does not match the stored epoch authenticator");
            }
            set(KEY_SCHEDULE, group, schedule);

            TreeKEMPrivateKey priv = new TreeKEMPrivateKey(suite, new LeafIndex(state.leafIndex()));
            int pathCount = in.readInt();
            for (int i = 0; i < pathCount; i++) {
                priv.insertPathSecret(new NodeIndex(in.readLong()), readSecret(in));
            }
            int keyCount = in.readInt();
            for (int i = 0; i < keyCount; i++) {
                NodeIndex node = new NodeIndex(in.readLong());
                byte[] sk = readBytes(in);
                byte[] pk = readBytes(in);
                priv.insertPrivateKey(node, suite.getHPKE().deserializePrivateKey(sk, pk));
            }
            set(TREE_PRIV, group, priv);

            GroupKeySet keys = schedule.getEncryptionKeys(tree.getSize());
            keys.secretTree.secrets.clear();
            int treeCount = in.readInt();
            for (int i = 0; i < treeCount; i++) {
                keys.secretTree.secrets.put(new NodeIndex(in.readLong()), readSecret(in));
            }
            set(HANDSHAKE_RATCHETS, keys, readRatchets(in, keys));
            set(APPLICATION_RATCHETS, keys, readRatchets(in, keys));
            set(KEYS, group, keys);

            int pendingCount = in.readInt();
            ArrayList<CachedProposal> pending = new ArrayList<>();
            for (int i = 0; i < pendingCount; i++) {
                byte[] ref = readBytes(in);
                Proposal proposal = (Proposal) MLSInputStream.decode(readBytes(in), Proposal.class);
                boolean hasSender = in.readBoolean();
                int sender = in.readInt();
                pending.add(new CachedProposal(ref, proposal, hasSender ? new LeafIndex(sender) : null));
            }
            set(PENDING, group, pending);
            set(CACHED_UPDATE, group, null);
            set(EXTERNAL_PSKS, group, new HashMap<Secret, byte[]>());
            set(RESUMPTION_PSKS, group, new HashMap<Group.EpochRef, byte[]>());
            if (in.available() != 0) {
                throw new MlsException(MlsException.Reason.CORRUPT_STATE, "trailing bytes after group state");
            }
            return group;
        } catch (MlsException e) {
            throw e;
        } catch (Exception e) {
            throw new MlsException(MlsException.Reason.CORRUPT_STATE, "cannot restore group state: " + e, e);
        }
    }

    private static Map<LeafIndex, GroupKeySet.HashRatchet> readRatchets(DataInputStream in, GroupKeySet keys)
            throws Exception {
        int count = in.readInt();
        Map<LeafIndex, GroupKeySet.HashRatchet> ratchets = new HashMap<>();
        for (int i = 0; i < count; i++) {
            LeafIndex leaf = new LeafIndex(in.readInt());
            GroupKeySet.HashRatchet r = HASH_RATCHET.newInstance(keys, readSecret(in));
            set(RATCHET_NEXT_GENERATION, r, in.readInt());
            int cached = in.readInt();
            Map<Integer, KeyGeneration> cache = new HashMap<>();
            for (int j = 0; j < cached; j++) {
                int generation = in.readInt();
                cache.put(generation, new KeyGeneration(generation, new Secret(readBytes(in)),
                        new Secret(readBytes(in))));
            }
            set(RATCHET_CACHE, r, cache);
            ratchets.put(leaf, r);
        }
        return ratchets;
    }

    // ---- plumbing ----

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static void writeOptional(DataOutputStream out, byte[] value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writeBytes(out, value);
        }
    }

    /** bcmls zeroes and nulls a used secret but may keep it in a map; a consumed secret stays consumed. */
    private static void writeSecret(DataOutputStream out, Secret secret) throws IOException {
        writeOptional(out, secret.isConsumed() ? null : secret.value());
    }

    private static Secret readSecret(DataInputStream in) throws IOException {
        byte[] value = readOptional(in);
        if (value != null) {
            return new Secret(value);
        }
        Secret consumed = new Secret(new byte[0]);
        consumed.consume();
        return consumed;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " exceeds the remaining " + in.available() + " bytes");
        }
        return in.readNBytes(length);
    }

    private static byte[] readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? readBytes(in) : null;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> map(Field field, Object owner) {
        return (Map<K, V>) get(field, owner);
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("bcmls changed: " + owner.getName() + "." + name
                    + " is gone; BcGroupStateCodec supports bcmls 1.84", e);
        }
    }

    private static Constructor<GroupKeySet.HashRatchet> hashRatchetConstructor() {
        try {
            Constructor<GroupKeySet.HashRatchet> c =
                    GroupKeySet.HashRatchet.class.getDeclaredConstructor(GroupKeySet.class, Secret.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("bcmls changed: GroupKeySet.HashRatchet(Secret) is gone", e);
        }
    }

    private static Object get(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static void set(Field field, Object owner, Object value) {
        try {
            field.set(owner, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + field, e);
        }
    }
}
