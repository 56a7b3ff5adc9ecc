package dev.parley.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential growth from {@code initial} by {@code multiplier} per failed attempt, capped at
 * {@code max}, with up to {@code jitter} (a fraction, 0–1) of each delay taken off at random. Jitter matters when a
 * server restarts: thousands of clients that dropped at the same instant must not reconnect in lockstep.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    /** 250 ms, 500 ms, 1 s, … up to 30 s, each shortened by up to half at random. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), 2.0, 0.5);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max must be at least initial");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number ≥ 1");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    /** The delay before the given attempt (0 = the first retry) without jitter: the upper bound of {@link #delay}. */
    public Duration ceiling(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be ≥ 0");
        }
        double millis = initial.toMillis() * Math.pow(multiplier, attempt);
        // Math.pow overflows to infinity for large attempts; the cap keeps the result finite and exact.
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    /** The delay before the given attempt, between {@code (1 - jitter) × ceiling} and {@code ceiling}. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toMillis();
        long reduction = (long) (ceiling * jitter * random.nextDouble());
        return Duration.ofMillis(ceiling - reduction);
    }
}
