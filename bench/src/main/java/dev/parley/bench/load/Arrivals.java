package dev.parley.bench.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receipt times of one expected frame across every connection of a generator process: the fan-out scenario arms it
 * with a marker (text only the expected post carries) before the post is sent, and collects one arrival per
 * connection. Unarmed, it ignores every frame, so the idle scenario's connections cost nothing extra.
 */
final class Arrivals implements WsConnection.Listener {
    private volatile String marker;
    private volatile long[] nanos = new long[0];
    private volatile CountDownLatch pending = new CountDownLatch(0);
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger extra = new AtomicInteger();
    private volatile Set<WsConnection> seen = ConcurrentHashMap.newKeySet();

    /** Expects the frame holding {@code marker} once on each of {@code connections} connections. */
    void expect(String marker, int connections) {
        this.marker = null;
        nanos = new long[connections];
        next.set(0);
        seen = ConcurrentHashMap.newKeySet(connections);
        pending = new CountDownLatch(connections);
        this.marker = marker;
    }

    // A large chat's frame starts with {"chatId": (not {"updates":), so the connection hands it over as an id-less
    // reply; ordinary pushes arrive through onPush.
    @Override
    public void onReply(WsConnection connection, long id, String frame, long receivedNanos) {
        if (id == 0) {
            record(connection, frame, receivedNanos);
        }
    }

    @Override
    public void onPush(WsConnection connection, String frame, long receivedNanos) {
        record(connection, frame, receivedNanos);
    }

    private void record(WsConnection connection, String frame, long receivedNanos) {
        String expected = marker;
        if (expected == null || !frame.contains("\"newMessage\"") || !frame.contains(expected)) {
            return;
        }
        if (!seen.add(connection)) {
            extra.incrementAndGet();
            return;
        }
        int slot = next.getAndIncrement();
        long[] into = nanos;
        if (slot < into.length) {
            into[slot] = receivedNanos;
            pending.countDown();
        } else {
            extra.incrementAndGet();
        }
    }

    /** Waits for every expected arrival; their {@link System#nanoTime()} stamps, unsorted. */
    long[] await(Duration timeout) throws InterruptedException {
        if (!pending.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + (nanos.length - pending.getCount()) + " of " + nanos.length
                    + " connections received the frame within " + timeout);
        }
        marker = null;
        return Arrays.copyOf(nanos, nanos.length);
    }

    /** Frames a connection received a second time: duplicates, which a correct server never sends. */
    int duplicates() {
        return extra.get();
    }
}
