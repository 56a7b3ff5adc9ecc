package dev.parley.crypto.mls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A key package this device published, with the private keys needed to join from a Welcome that uses it.
 *
 * <p>Last resort: bcmls 1.84 cannot carry the {@code last_resort} KeyPackage extension (type 0x000A; its extension
 * decoder maps unknown types to the wrong enum constant and breaks the signature), so the flag is kept out of band:
 * here, and in the upload request to the delivery service, which hands the last-resort package out repeatedly
 * instead of consuming it.
 *
 * @param keyPackage the MLSMessage (wire format mls_key_package) to upload
 * @param reference the KeyPackageRef (RFC 9420 §5.2) identifying it
 * @param initPrivateKey HPKE private key for the init key (secret)
 * @param encryptionPrivateKey HPKE private key for the leaf encryption key (secret)
 * @param lastResort whether this is the device's last-resort package
 */
public record KeyPackageBundle(byte[] keyPackage, byte[] reference, byte[] initPrivateKey,
                               byte[] encryptionPrivateKey, boolean lastResort) {
    private static final int VERSION = 1;

    public KeyPackageBundle {
        keyPackage = Objects.requireNonNull(keyPackage, "keyPackage").clone();
        reference = Objects.requireNonNull(reference, "reference").clone();
        initPrivateKey = Objects.requireNonNull(initPrivateKey, "initPrivateKey").clone();
        encryptionPrivateKey = Objects.requireNonNull(encryptionPrivateKey, "encryptionPrivateKey").clone();
    }

    @Override
    public byte[] keyPackage() {
        return keyPackage.clone();
    }

    @Override
    public byte[] reference() {
        return reference.clone();
    }

    @Override
    public byte[] initPrivateKey() {
        return initPrivateKey.clone();
    }

    @Override
    public byte[] encryptionPrivateKey() {
        return encryptionPrivateKey.clone();
    }

    /** Versioned encoding for storage at rest (contains secrets: persist encrypted). */
    public byte[] toBytes() {
        try {
            var bytes = new ByteArrayOutputStream();
            var out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            for (byte[] part : new byte[][] {keyPackage, reference, initPrivateKey, encryptionPrivateKey}) {
                out.writeInt(part.length);
                out.write(part);
            }
            out.writeBoolean(lastResort);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    public static KeyPackageBundle fromBytes(byte[] encoded) {
        try {
            var in = new DataInputStream(new ByteArrayInputStream(encoded));
            if (in.readUnsignedByte() != VERSION) {
                throw new IllegalArgumentException("not a version-" + VERSION + " key package bundle");
            }
            byte[][] parts = new byte[4][];
            for (int i = 0; i < parts.length; i++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("truncated key package bundle");
                }
                parts[i] = in.readNBytes(length);
            }
            boolean lastResort = in.readBoolean();
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after key package bundle");
            }
            return new KeyPackageBundle(parts[0], parts[1], parts[2], parts[3], lastResort);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated key package bundle", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPackageBundle other && Arrays.equals(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(reference);
    }

    @Override
    public String toString() {
        return "KeyPackageBundle[ref=" + HexFormat.of().formatHex(reference) + ", lastResort=" + lastResort + "]";
    }
}
