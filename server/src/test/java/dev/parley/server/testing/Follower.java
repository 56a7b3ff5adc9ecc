package dev.parley.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One device following a user's updates the way a real client does (DESIGN §5): it applies a pushed batch when it
 * continues its pts exactly, ignores batches it already has, and fills any gap (or a {@code ptsCount = 0} nudge
 * ahead of it) with paged {@code updates.getDifference}. When its node goes away it reconnects to the next node of
 * the list and asks for the difference again. Everything it applied is kept in order for the test to compare.
 */
public final class Follower implements AutoCloseable {
    private final List<Chatter> nodes;
    private final List<JsonNode> applied = new CopyOnWriteArrayList<>();
    private final AtomicLong pts;
    private final AtomicLong pushedApplied = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object progress = new Object();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile RawClient.Socket socket;
    private int node;

    /**
     * Follows the user from {@code fromPts}, connected to the first of {@code nodes} (the same user on each node of
     * the cluster, in the order it fails over).
     */
    public Follower(List<Chatter> nodes, long fromPts) {
        this.nodes = List.copyOf(nodes);
        this.pts = new AtomicLong(fromPts);
        this.socket = nodes.getFirst().connect();
        this.thread = Thread.ofVirtual().name("follower-" + nodes.getFirst().username).start(this::run);
    }

    private void run() {
        boolean behind = true;
        while (!stopping) {
            try {
                if (behind) {
                    catchUp();
                    behind = false;
                }
                Optional<JsonNode> frame = socket.pollFrame(Duration.ofMillis(200));
                if (frame.isPresent() && frame.get().has("updates")) {
                    onPush(frame.get());
                } else if (frame.isEmpty() && socket.isClosed()) {
                    throw new IllegalStateException("socket closed");
                }
            } catch (AssertionError | RuntimeException e) {
                if (stopping) {
                    return;
                }
                if (!socket.isClosed()) {
                    fail(e);
                    return;
                }
                // The node went away: connect to the next one and ask for what was missed.
                node = (node + 1) % nodes.size();
                reconnects.incrementAndGet();
                try {
                    socket = nodes.get(node).connect();
                } catch (AssertionError | RuntimeException connectFailure) {
                    fail(connectFailure);
                    return;
                }
                behind = true;
            }
        }
    }

    private void fail(Throwable e) {
        failure.set(e);
        signal();
    }

    private void onPush(JsonNode batch) {
        long batchPts = batch.path("pts").asLong();
        int count = batch.path("ptsCount").asInt();
        long local = pts.get();
        if (count == 0) {
            if (batchPts > local) {
                catchUp();
            }
        } else if (local + count == batchPts) {
            batch.path("updates").forEach(applied::add);
            pts.set(batchPts);
            pushedApplied.addAndGet(count);
            signal();
        } else if (batchPts > local) {
            catchUp();
        }
    }

    /** Pages through updates.getDifference until the final page. */
    private void catchUp() {
        while (true) {
            JsonNode reply = socket.request("updates.getDifference", Map.of("pts", pts.get(), "limit", 500));
            JsonNode difference = reply.path("result");
            assertThat(difference.isObject()).as("getDifference reply %s", reply).isTrue();
            assertThat(difference.path("tooLong").asBoolean(false)).as("difference too long").isFalse();
            for (JsonNode update : difference.path("updates")) {
                if (update.path("pts").asLong() > pts.get()) {
                    applied.add(update);
                    pts.set(update.path("pts").asLong());
                }
            }
            pts.set(Math.max(pts.get(), difference.path("state").path("pts").asLong()));
            signal();
            if (difference.path("final").asBoolean(true)) {
                return;
            }
        }
    }

    public long pts() {
        return pts.get();
    }

    /** How many log positions arrived by push (rather than by difference). */
    public long pushed() {
        return pushedApplied.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** Waits until the follower has reached the pts (and fails the test on a follower error). */
    public void awaitPts(long target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (pts.get() < target && failure.get() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(nodes.getFirst().username + " reached pts " + pts.get() + ", not "
                            + target + ", within " + timeout.toMillis() + " ms");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("follower of " + nodes.getFirst().username + " failed", failure.get());
        }
    }

    /** Wakes {@link #awaitPts} after the pts moved or the follower failed. */
    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Ids of the new messages applied in the chat, in the order this device applied them. */
    public List<Long> messageIds(long chatId) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode update : applied) {
            if ("newMessage".equals(update.path("type").asText())
                    && update.path("message").path("chatId").asLong() == chatId) {
                ids.add(update.path("message").path("id").asLong());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        stopping = true;
        // Wakes the reader out of its wait for the next frame.
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
