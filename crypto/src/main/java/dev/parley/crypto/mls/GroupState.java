package dev.parley.crypto.mls;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable snapshot of one device's MLS group state at one point (epoch and ratchet positions). Every engine
 * operation takes one and returns the next; the caller persists the latest (it holds secrets: store it only
 * encrypted, see {@link dev.parley.crypto.store.EncryptedStateStore}) and never reuses an older one for sending,
 * because an older snapshot would reuse message keys.
 *
 * <p>The group id, epoch and own leaf index are readable without the engine; everything else is opaque.
 */
public final class GroupState {
    private static final int HEADER_OFFSET = 4 + 1; // magic + format version, written by BcGroupStateCodec
    private static final int MAX_GROUP_ID = 256;

    private final byte[] bytes;
    private final byte[] groupId;
    private final long epoch;
    private final int leafIndex;

    private GroupState(byte[] bytes, byte[] groupId, long epoch, int leafIndex) {
        this.bytes = bytes;
        this.groupId = groupId;
        this.epoch = epoch;
        this.leafIndex = leafIndex;
    }

    /**
     * Restores a snapshot persisted with {@link #toBytes()}. Only the header is checked here; the engine validates
     * the rest when it uses the state and fails with {@link MlsException.Reason#CORRUPT_STATE}.
     */
    public static GroupState fromBytes(byte[] bytes) throws MlsException {
        try {
            var in = new DataInputStream(new ByteArrayInputStream(bytes, HEADER_OFFSET,
                    Math.max(0, bytes.length - HEADER_OFFSET)));
            if (bytes.length < HEADER_OFFSET) {
                throw new IOException("too short");
            }
            Header h = readHeader(in);
            return new GroupState(bytes.clone(), h.groupId, h.epoch, h.leafIndex);
        } catch (IOException e) {
            throw new MlsException(MlsException.Reason.CORRUPT_STATE, "unreadable group state header", e);
        }
    }

    record Header(byte[] groupId, long epoch, int leafIndex) {}

    static void writeHeader(DataOutputStream out, byte[] groupId, long epoch, int leafIndex) throws IOException {
        out.writeShort(groupId.length);
        out.write(groupId);
        out.writeLong(epoch);
        out.writeInt(leafIndex);
    }

    static Header readHeader(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_GROUP_ID) {
            throw new IOException("group id too long");
        }
        byte[] groupId = in.readNBytes(length);
        if (groupId.length != length) {
            throw new IOException("truncated group id");
        }
        long epoch = in.readLong();
        int leafIndex = in.readInt();
        if (epoch < 0 || leafIndex < 0) {
            throw new IOException("negative epoch or leaf index");
        }
        return new Header(groupId, epoch, leafIndex);
    }

    /** The serialized snapshot (secret material: persist encrypted). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    public byte[] groupId() {
        return groupId.clone();
    }

    public long epoch() {
        return epoch;
    }

    /** This device's leaf index in the ratchet tree. */
    public int leafIndex() {
        return leafIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupState other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "GroupState[group=" + HexFormat.of().formatHex(groupId) + ", epoch=" + epoch + ", leaf=" + leafIndex
                + "]";
    }
}
