package dev.parley.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Bearer tokens: 256 random bits, base64url without padding (43 characters). The server keeps only the SHA-256 of a
 * token (hex), so a copy of the database does not let anyone act as a user. A fast hash is right here, unlike for
 * passwords: the input already has 256 bits of entropy, so there is nothing to brute-force.
 */
public final class SessionTokens {
    static final int TOKEN_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    public SessionTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** The stored form of a token: lower-case hex SHA-256 of its UTF-8 text. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
