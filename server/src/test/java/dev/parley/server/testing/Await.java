package dev.parley.server.testing;

import java.time.Duration;
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
}
