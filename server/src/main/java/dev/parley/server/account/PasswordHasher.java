package dev.parley.server.account;

import dev.parley.server.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (RFC 9106) with BouncyCastle, stored as the standard PHC string
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (unpadded standard base64), so hashes carry
 * their own parameters: raising the cost in the configuration leaves old hashes verifiable, and
 * {@link #needsRehash} tells the login path to upgrade them. docs/SECURITY.md, "Passwords", explains the defaults.
 *
 * <p>Each hash holds {@code m} KiB of memory while it runs, so concurrent hashes are bounded (twice the processors):
 * a burst of logins queues instead of exhausting the heap.
 */
public final class PasswordHasher {
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final String PREFIX = "$argon2id$v=19$";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random;
    private final Semaphore running;
    /**
     * Verified against when a username does not exist, so that answer costs the same time as a wrong password.
     * Made on the first verification, not at construction: hashing at production cost (and loading BouncyCastle from
     * its signed jar) cost the server's start about a second of CPU on the benchmark machine (docs/PERFORMANCE.md,
     * "Startup"). Two threads may both make it at first; either result serves.
     */
    private volatile String dummyHash;

    public PasswordHasher(Config.Accounts config, SecureRandom random) {
        this.memoryKib = config.argon2MemoryKib();
        this.iterations = config.argon2Iterations();
        this.parallelism = config.argon2Parallelism();
        this.random = Objects.requireNonNull(random, "random");
        this.running = new Semaphore(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** A fresh PHC string for the password with the configured parameters and a random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(parameters(salt, memoryKib, iterations, parallelism).build(), utf8(password), HASH_BYTES);
        return PREFIX + "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether the password matches the PHC string, compared in constant time. */
    public boolean verify(String password, String phc) {
        // The first verification of a known user pays for the dummy hash too, as the first unknown user does.
        dummyHash();
        Phc stored = Phc.parse(phc);
        byte[] candidate = derive(parameters(stored.salt(), stored.memoryKib(), stored.iterations(),
                stored.parallelism()).build(), utf8(password), stored.hash().length);
        return MessageDigest.isEqual(candidate, stored.hash());
    }

    /** Spends the same work as a real verification and always fails: the answer for unknown usernames. */
    public boolean verifyAgainstDummy(String password) {
        verify(password, dummyHash());
        return false;
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = hash("parley-dummy-password");
            dummyHash = hash;
        }
        return hash;
    }

    /** Whether a stored hash was made with other parameters than the configured ones and should be replaced. */
    public boolean needsRehash(String phc) {
        Phc stored = Phc.parse(phc);
        return stored.memoryKib() != memoryKib || stored.iterations() != iterations
                || stored.parallelism() != parallelism || stored.hash().length != HASH_BYTES
                || stored.salt().length != SALT_BYTES;
    }

    static Argon2Parameters.Builder parameters(byte[] salt, int memoryKib, int iterations, int parallelism) {
        return new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism);
    }

    byte[] derive(Argon2Parameters parameters, byte[] password, int length) {
        running.acquireUninterruptibly();
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[length];
            generator.generateBytes(password, out);
            return out;
        } finally {
            running.release();
            Arrays.fill(password, (byte) 0);
        }
    }

    private static byte[] utf8(String password) {
        return Objects.requireNonNull(password, "password").getBytes(StandardCharsets.UTF_8);
    }

    /** A parsed PHC string; only Argon2id version 19 is accepted (it is the only kind Parley ever wrote). */
    record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        static Phc parse(String phc) {
            Objects.requireNonNull(phc, "phc");
            if (!phc.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not an Argon2id v19 PHC string");
            }
            String[] parts = phc.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("malformed PHC string");
            }
            int m = -1;
            int t = -1;
            int p = -1;
            for (String pair : parts[0].split(",", -1)) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("malformed PHC parameter: " + pair);
                }
                int value = Integer.parseInt(kv[1]);
                switch (kv[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> throw new IllegalArgumentException("unknown PHC parameter: " + kv[0]);
                }
            }
            if (m < 8 || t < 1 || p < 1) {
                throw new IllegalArgumentException("PHC string lacks valid m, t and p");
            }
            byte[] salt = B64_DECODER.decode(parts[1]);
            byte[] hash = B64_DECODER.decode(parts[2]);
            if (salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("PHC salt or hash too short");
            }
            return new Phc(m, t, p, salt, hash);
        }
    }
}
