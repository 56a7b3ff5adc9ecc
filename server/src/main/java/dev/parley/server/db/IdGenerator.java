package dev.parley.server.db;

import java.time.Clock;

/**
 * Time-ordered 53-bit ids (safe as JSON numbers in JavaScript): 40 bits of milliseconds since 2025-01-01 (34 years),
 * 5 bits of node id (32 nodes), 8 bits of sequence (256 ids per millisecond per node; the generator waits for the next
 * millisecond when they run out). Ids reveal creation time, never how many accounts or chats exist.
 */
public final class IdGenerator {
    static final long EPOCH_MILLIS = 1_735_689_600_000L;
    static final int NODE_BITS = 5;
    static final int SEQUENCE_BITS = 8;
    public static final int MAX_NODE_ID = (1 << NODE_BITS) - 1;

    private final Clock clock;
    private final long nodeId;
    private long lastMillis = -1;
    private long sequence;

    public IdGenerator(int nodeId, Clock clock) {
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("node id must be 0–" + MAX_NODE_ID + ", was " + nodeId);
        }
        this.nodeId = nodeId;
        this.clock = clock;
    }

    public synchronized long next() {
        long now = Math.max(clock.millis() - EPOCH_MILLIS, lastMillis);
        if (now == lastMillis) {
            sequence = (sequence + 1) & ((1 << SEQUENCE_BITS) - 1);
            if (sequence == 0) {
                now = waitForNextMillis(now);
            }
        } else {
            sequence = 0;
        }
        lastMillis = now;
        return (now << (NODE_BITS + SEQUENCE_BITS)) | (nodeId << SEQUENCE_BITS) | sequence;
    }

    private long waitForNextMillis(long current) {
        long now = clock.millis() - EPOCH_MILLIS;
        while (now <= current) {
            Thread.onSpinWait();
            now = clock.millis() - EPOCH_MILLIS;
        }
        return now;
    }
}
