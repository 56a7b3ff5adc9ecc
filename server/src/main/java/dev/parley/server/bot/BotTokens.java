package dev.parley.server.bot;

import dev.parley.server.account.SessionTokens;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bot tokens in Telegram's shape {@code <botUserId>:<secret>}: the secret is 32 random bytes, base64url without
 * padding (43 characters of {@code [A-Za-z0-9_-]}, more than Telegram's 35). Only the SHA-256 of the secret is stored;
 * the id prefix lets the server find the bot with one primary-key read.
 */
public final class BotTokens {
    private static final Pattern SHAPE = Pattern.compile("([1-9][0-9]{0,17}):([A-Za-z0-9_-]{35,64})");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    public BotTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public record Parsed(long botId, String secret) {}

    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    public static String token(long botId, String secret) {
        return botId + ":" + secret;
    }

    public static String hash(String secret) {
        return SessionTokens.hash(secret);
    }

    /** Empty for anything that does not have the token shape (such requests are answered 401 without a read). */
    public static Optional<Parsed> parse(String token) {
        Matcher m = SHAPE.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(Long.parseLong(m.group(1)), m.group(2)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
