package dev.parley.server.sync;

import dev.parley.server.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * Sync tuning. {@code largeChatThreshold} is the largest chat whose events are fanned out on write into every member's
 * log (groups are capped at it; bigger audiences are channels, fan-out on read). Logs keep at most
 * {@code logMaxLength} entries per user and nothing older than {@code logMaxAge}; a client behind that gets
 * {@code tooLong}. Random ids are remembered for {@code randomIdMaxAge} (retries come within seconds, not weeks).
 */
public record SyncSettings(int largeChatThreshold, Duration logMaxAge, int logMaxLength, Duration trimInterval,
        Duration randomIdMaxAge, Duration typingThrottle) {
    public SyncSettings {
        Objects.requireNonNull(logMaxAge, "logMaxAge");
        Objects.requireNonNull(trimInterval, "trimInterval");
        Objects.requireNonNull(randomIdMaxAge, "randomIdMaxAge");
        Objects.requireNonNull(typingThrottle, "typingThrottle");
        if (largeChatThreshold < 2 || logMaxLength < 1 || logMaxAge.isNegative() || trimInterval.isNegative()
                || trimInterval.isZero() || randomIdMaxAge.isNegative() || typingThrottle.isNegative()) {
            throw new IllegalArgumentException("sync settings must be positive (largeChatThreshold ≥ 2)");
        }
    }

    public static SyncSettings defaults() {
        return of(Config.Sync.defaults());
    }

    public static SyncSettings of(Config.Sync config) {
        return new SyncSettings(config.largeChatThreshold(), Duration.ofDays(config.logMaxAgeDays()),
                config.logMaxLength(), Duration.ofSeconds(config.trimIntervalSeconds()),
                Duration.ofDays(config.randomIdMaxAgeDays()), Duration.ofMillis(config.typingThrottleMillis()));
    }

    public SyncSettings withLog(Duration maxAge, int maxLength) {
        return new SyncSettings(largeChatThreshold, maxAge, maxLength, trimInterval, randomIdMaxAge, typingThrottle);
    }

    public SyncSettings withLargeChatThreshold(int value) {
        return new SyncSettings(value, logMaxAge, logMaxLength, trimInterval, randomIdMaxAge, typingThrottle);
    }
}
