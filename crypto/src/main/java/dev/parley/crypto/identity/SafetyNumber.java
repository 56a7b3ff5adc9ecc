package dev.parley.crypto.identity;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A safety number for a pair of users, computed from all of their device keys, so two people comparing it (in
 * person or over another channel) detect a server that substitutes or adds a device key. Construction (also in
 * docs/SECURITY.md "Safety numbers"), for each user U with device keys K_1..K_n:
 *
 * <pre>
 * keys  = the distinct 32-byte Ed25519 public keys of U, sorted by unsigned lexicographic order
 * list  = uint32(n) || K_1 || … || K_n
 * h_0   = SHA-512("ParleySafetyNumber" || uint16(1) || uint64(U) || list)
 * h_i   = SHA-512(h_{i-1} || list)            for i = 1 … 5199   (5,200 hashes in all, as Signal)
 * f(U)  = six 5-digit groups: for j = 0..5, uint40(h_5199[5j .. 5j+5]) mod 100000, zero-padded
 * </pre>
 *
 * The safety number of users A and B is f(min(A,B)) followed by f(max(A,B)): 60 digits shown as 12 groups of 5,
 * identical on both sides. Integers are big-endian. Device ids are deliberately not hashed: only keys matter for
 * security, and a renamed device with the same key does not change the number.
 *
 * @param digits the 60 decimal digits
 */
public record SafetyNumber(String digits) {
    static final int ITERATIONS = 5200;
    private static final byte[] LABEL = "ParleySafetyNumber".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    public SafetyNumber {
        Objects.requireNonNull(digits, "digits");
        if (!digits.matches("[0-9]{60}")) {
            throw new IllegalArgumentException("a safety number has 60 digits");
        }
    }

    /**
     * @param a all device keys of one user (at least one; all with the same userId)
     * @param b all device keys of the other user
     */
    public static SafetyNumber of(Collection<DeviceKey> a, Collection<DeviceKey> b) {
        long userA = singleUser(a);
        long userB = singleUser(b);
        if (userA == userB) {
            throw new IllegalArgumentException("a safety number is between two different users");
        }
        String fa = fingerprint(userA, a);
        String fb = fingerprint(userB, b);
        return new SafetyNumber(userA < userB ? fa + fb : fb + fa);
    }

    /** The 12 groups of 5 digits, as shown to users. */
    public List<String> groups() {
        return java.util.stream.IntStream.range(0, 12).mapToObj(i -> digits.substring(5 * i, 5 * i + 5)).toList();
    }

    /** Groups separated by spaces, e.g. {@code "12345 67890 …"}. */
    public String display() {
        return String.join(" ", groups());
    }

    private static long singleUser(Collection<DeviceKey> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one device key");
        }
        long user = keys.iterator().next().userId();
        if (keys.stream().anyMatch(k -> k.userId() != user)) {
            throw new IllegalArgumentException("device keys of several users given for one side");
        }
        return user;
    }

    static String fingerprint(long userId, Collection<DeviceKey> keys) {
        byte[][] sorted = keys.stream().map(DeviceKey::publicKey).sorted(Arrays::compareUnsigned)
                .toArray(byte[][]::new);
        var listBytes = new ByteArrayOutputStream();
        listBytes.writeBytes(ByteBuffer.allocate(4).putInt(0).array());
        int distinct = 0;
        byte[] previous = null;
        for (byte[] key : sorted) {
            if (previous == null || !Arrays.equals(previous, key)) {
                listBytes.writeBytes(key);
                distinct++;
            }
            previous = key;
        }
        byte[] list = listBytes.toByteArray();
        ByteBuffer.wrap(list).putInt(0, distinct);

        MessageDigest sha512 = sha512();
        sha512.update(LABEL);
        sha512.update(ByteBuffer.allocate(2 + 8).putShort((short) VERSION).putLong(userId).array());
        sha512.update(list);
        byte[] h = sha512.digest();
        for (int i = 1; i < ITERATIONS; i++) {
            sha512.update(h);
            sha512.update(list);
            h = sha512.digest();
        }
        var out = new StringBuilder(30);
        for (int j = 0; j < 6; j++) {
            long chunk = 0;
            for (int k = 0; k < 5; k++) {
                chunk = (chunk << 8) | (h[5 * j + k] & 0xff);
            }
            out.append(String.format("%05d", chunk % 100_000));
        }
        return out.toString();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-512", e);
        }
    }

    @Override
    public String toString() {
        return display();
    }
}
