package dev.parley.client;

import dev.parley.protocol.UpdateBatch;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single ordered lane from the socket to the application: update batches and connection events are queued by
 * the socket thread and delivered one at a time on a dedicated thread, in arrival order. Because every batch and
 * every "reconnected" event passes through {@link #deliver}, this is the one place where sync state (the user's
 * pts, gap detection, catching up with {@code updates.getDifference} after a reconnect) can be kept consistently.
 */
final class UpdateStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpdateStream.class);

    /** What flows through the lane. */
    sealed interface Event {
        record Batch(UpdateBatch batch) implements Event {}

        record Connected(boolean reconnect) implements Event {}

        record Disconnected(String reason) implements Event {}

        record Revoked(String reason) implements Event {}

        /** Work that must run in order with the updates (the sync engine's start, gap timers and retries). */
        record Task(Runnable work) implements Event {}

        /** Marks the end of the lane: everything queued before it has been delivered. */
        record End() implements Event {}
    }

    private final List<UpdateListener> updateListeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    UpdateStream(String name) {
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        thread.start();
    }

    void addUpdateListener(UpdateListener listener) {
        updateListeners.add(listener);
    }

    void removeUpdateListener(UpdateListener listener) {
        updateListeners.remove(listener);
    }

    void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(listener);
    }

    void removeConnectionListener(ConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    boolean isLaneThread() {
        return Thread.currentThread() == thread;
    }

    void offer(Event event) {
        queue.add(event);
    }

    private void run() {
        try {
            while (true) {
                Event event = queue.take();
                if (event instanceof Event.End) {
                    return;
                }
                deliver(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Event event) {
        switch (event) {
            case Event.Batch(UpdateBatch batch) -> updateListeners.forEach(l -> guarded(() -> l.onUpdates(batch)));
            case Event.Connected(boolean reconnect) ->
                    connectionListeners.forEach(l -> guarded(() -> l.onConnected(reconnect)));
            case Event.Disconnected(String reason) ->
                    connectionListeners.forEach(l -> guarded(() -> l.onDisconnected(reason)));
            case Event.Revoked(String reason) ->
                    connectionListeners.forEach(l -> guarded(() -> l.onSessionRevoked(reason)));
            case Event.Task(Runnable work) -> guarded(work);
            case Event.End() -> { }
        }
    }

    /** One listener's failure must not stop delivery to the others or end the lane; it is logged with its cause. */
    private static void guarded(Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            log.warn("update listener failed", e);
        }
    }

    /** Delivers what is already queued (bounded by the timeout), then stops the thread. */
    @Override
    public void close() {
        queue.add(new Event.End());
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!thread.join(java.time.Duration.ofSeconds(2))) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
