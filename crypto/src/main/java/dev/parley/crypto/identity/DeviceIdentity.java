package dev.parley.crypto.identity;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A device's long-term Ed25519 signature key with the (userId, deviceId) it belongs to. It signs every MLS leaf
 * node, key package and message of this device. Secret: persist only through
 * {@link dev.parley.crypto.store.EncryptedStateStore}. {@link #toString()} never prints the private key.
 *
 * @param userId the owning user
 * @param deviceId the device
 * @param privateKey the raw 32-byte Ed25519 private key (RFC 8032 seed)
 */
public record DeviceIdentity(long userId, long deviceId, byte[] privateKey) {
    private static final int VERSION = 1;
    private static final int ENCODED_LENGTH = 1 + 8 + 8 + Ed25519PrivateKeyParameters.KEY_SIZE;

    public DeviceIdentity {
        if (userId <= 0 || deviceId <= 0) {
            throw new IllegalArgumentException("userId and deviceId must be positive");
        }
        Objects.requireNonNull(privateKey, "privateKey");
        if (privateKey.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, got " + privateKey.length);
        }
        privateKey = privateKey.clone();
    }

    public static DeviceIdentity generate(long userId, long deviceId, SecureRandom random) {
        return new DeviceIdentity(userId, deviceId, new Ed25519PrivateKeyParameters(random).getEncoded());
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    public byte[] publicKey() {
        return new Ed25519PrivateKeyParameters(privateKey).generatePublicKey().getEncoded();
    }

    public DeviceKey deviceKey() {
        return new DeviceKey(userId, deviceId, publicKey());
    }

    /** The MLS BasicCredential identity of this device (see {@link DeviceCredential}). */
    public DeviceCredential credential() {
        return new DeviceCredential(userId, deviceId, publicKey());
    }

    /** A plain Ed25519 signature (RFC 8032), for application-level statements outside MLS. */
    public byte[] sign(byte[] message) {
        var signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(privateKey));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Versioned encoding for storage at rest: u8 version, u64 userId, u64 deviceId, 32-byte private key. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(ENCODED_LENGTH).put((byte) VERSION).putLong(userId).putLong(deviceId)
                .put(privateKey).array();
    }

    public static DeviceIdentity fromBytes(byte[] encoded) {
        if (encoded.length != ENCODED_LENGTH || encoded[0] != VERSION) {
            throw new IllegalArgumentException("not a version-" + VERSION + " device identity");
        }
        var in = ByteBuffer.wrap(encoded, 1, encoded.length - 1);
        long userId = in.getLong();
        long deviceId = in.getLong();
        byte[] key = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        in.get(key);
        return new DeviceIdentity(userId, deviceId, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceIdentity(long u, long d, byte[] k)
                && u == userId && d == deviceId && Arrays.equals(k, privateKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, deviceId, Arrays.hashCode(privateKey));
    }

    @Override
    public String toString() {
        return "DeviceIdentity[user=" + userId + ", device=" + deviceId + "]";
    }
}
