package dev.parley.server.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread brings about (a push, a housekeeping pass), bounded by a deadline. */
public final class Await {
    private Await() {}

    /** Polls {@code condition} every 10 ms until it holds; fails the test with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not reached within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /**
     * Waits for {@code latch} where a checked exception cannot be thrown (inside a transaction on the writer): an
     * IllegalStateException naming {@code what} after {@code timeout}, or when interrupted.
     */
    public static void latch(CountDownLatch latch, Duration timeout, String what) {
        try {
            if (!latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(what + ": not reached within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
