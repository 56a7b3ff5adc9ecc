package dev.parley.crypto.identity;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The identity carried in a device's MLS BasicCredential. Fixed-length, so it has exactly one parse:
 *
 * <pre>
 * struct {
 *   uint8  version = 1;
 *   uint64 user_id;          // big-endian
 *   uint64 device_id;        // big-endian
 *   opaque signature_key[32]; // raw Ed25519 public key
 * } ParleyDeviceIdentity;    // 49 bytes
 * </pre>
 *
 * The embedded key must equal the leaf node's {@code signature_key}; {@link dev.parley.crypto.mls.BcMlsEngine}
 * rejects key packages and reports members where it does not, so a credential cannot claim another device's key.
 * Whether the key is the one the directory lists for that (user, device) is the caller's check, against the
 * directory and the safety number.
 *
 * @param userId the owning user
 * @param deviceId the device
 * @param publicKey the raw 32-byte Ed25519 public key
 */
public record DeviceCredential(long userId, long deviceId, byte[] publicKey) {
    public static final int VERSION = 1;
    public static final int ENCODED_LENGTH = 1 + 8 + 8 + DeviceKey.PUBLIC_KEY_LENGTH;

    public DeviceCredential {
        if (userId <= 0 || deviceId <= 0) {
            throw new IllegalArgumentException("userId and deviceId must be positive");
        }
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length != DeviceKey.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_LENGTH).put((byte) VERSION).putLong(userId).putLong(deviceId)
                .put(publicKey).array();
    }

    /**
     * Parses a BasicCredential identity.
     *
     * @throws IllegalArgumentException if it is not exactly a version-1 Parley device identity
     */
    public static DeviceCredential decode(byte[] identity) {
        if (identity == null || identity.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("a Parley device credential has " + ENCODED_LENGTH + " bytes");
        }
        if (identity[0] != VERSION) {
            throw new IllegalArgumentException("unknown device credential version " + (identity[0] & 0xff));
        }
        var in = ByteBuffer.wrap(identity, 1, identity.length - 1);
        long userId = in.getLong();
        long deviceId = in.getLong();
        byte[] key = new byte[DeviceKey.PUBLIC_KEY_LENGTH];
        in.get(key);
        return new DeviceCredential(userId, deviceId, key);
    }

    public DeviceKey deviceKey() {
        return new DeviceKey(userId, deviceId, publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceCredential(long u, long d, byte[] k)
                && u == userId && d == deviceId && Arrays.equals(k, publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, deviceId, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return deviceKey().toString().replace("DeviceKey", "DeviceCredential");
    }
}
