package dev.parley.server.gateway;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key token buckets (a key is a session or, for calls without one, a client address). Each request takes one
 * token; tokens refill at {@code ratePerSecond} up to {@code burst}. A bucket is two numbers, and a bucket that has
 * refilled completely is indistinguishable from a fresh one, so {@link #evictIdle} drops it: memory follows the
 * number of recently active keys, not the number ever seen.
 */
public final class FloodControl {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Object, Bucket> buckets = new ConcurrentHashMap<>();

    /** Keys are compared by equality: sessions and addresses use distinct key types so they never collide. */
    public record SessionKey(long sessionId) {}

    public record AddressKey(String address) {}

    public FloodControl(double ratePerSecond, int burst, LongSupplier nanoClock) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    public FloodControl(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    /**
     * Takes one token for the key. Returns empty when allowed, or the whole seconds (at least 1) until a token will
     * be available.
     */
    public OptionalInt tryAcquire(Object key) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.refill(now, ratePerNano, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return OptionalInt.empty();
            }
            double missingNanos = (1 - bucket.tokens) / ratePerNano;
            return OptionalInt.of((int) Math.max(1, Math.ceil(missingNanos / 1e9)));
        }
    }

    /** Drops buckets that are full again; called periodically by the gateway. */
    public void evictIdle() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                bucket.refill(now, ratePerNano, burst);
                return bucket.tokens >= burst;
            }
        });
    }

    /** Number of keys currently tracked (for tests and metrics). */
    public int trackedKeys() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        private Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }

        private void refill(long now, double ratePerNano, double burst) {
            long elapsed = now - updatedNanos;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * ratePerNano);
                updatedNanos = now;
            }
        }
    }
}
