package dev.parley.client;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique, valid usernames for tests that share one server. */
final class Accounts {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final String PASSWORD = "correct horse battery";

    private Accounts() {}

    static String username(String prefix) {
        return prefix + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_" + COUNTER.incrementAndGet();
    }
}
