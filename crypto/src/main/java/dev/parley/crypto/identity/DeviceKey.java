package dev.parley.crypto.identity;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public half of a device identity, as the server's append-only device directory publishes it.
 *
 * @param userId the owning user
 * @param deviceId the device, unique per user
 * @param publicKey the raw 32-byte Ed25519 public key
 */
public record DeviceKey(long userId, long deviceId, byte[] publicKey) {
    public static final int PUBLIC_KEY_LENGTH = 32;

    public DeviceKey {
        if (userId <= 0 || deviceId <= 0) {
            throw new IllegalArgumentException("userId and deviceId must be positive");
        }
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceKey(long u, long d, byte[] k)
                && u == userId && d == deviceId && Arrays.equals(k, publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, deviceId, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return "DeviceKey[user=" + userId + ", device=" + deviceId + ", key=" + HexFormat.of().formatHex(publicKey)
                + "]";
    }
}
