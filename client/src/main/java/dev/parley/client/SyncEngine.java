package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.UpdateBatch;
import dev.parley.protocol.sync.SyncMethods;
import dev.parley.protocol.sync.SyncMethods.Difference;
import dev.parley.protocol.sync.Update;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client sync algorithm of docs/protocol/messaging.md ("Sync"): keeps this device's pts, applies pushed batches
 * that continue it, ignores those already applied, holds batches after a gap briefly (pushes of concurrent
 * transactions may overtake each other) and otherwise fills the gap with {@code updates.getDifference}, paging until
 * {@code final}. It catches up the same way when sync starts and after every reconnect, before the pushes that
 * follow; {@code tooLong} becomes {@link SyncListener#onResync}.
 *
 * <p>Everything here runs on the {@link UpdateStream}'s single thread (as a listener or as a queued task), so its
 * state needs no locks; pushes that arrive while a difference is fetched simply wait in the stream's queue and are
 * then applied or ignored by their pts. That is what makes "difference, then live" free of gaps and duplicates.
 */
final class SyncEngine implements UpdateListener, ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);
    /** How long a batch after a gap waits for the missing positions before the client asks for the difference. */
    static final Duration GAP_WAIT = Duration.ofMillis(500);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    /** A pushed batch that does not continue the local pts yet. */
    private record Held(long start, long pts, List<Update> updates) {}

    private final ParleyClient client;
    private final JsonCodec codec;
    private final UpdateStream stream;

    /** Volatile only so {@link #stop()} from another thread is seen; otherwise lane-confined like the rest. */
    private volatile boolean active;
    private SyncStateStore store;
    private SyncListener listener;
    private int pageSize;
    private long local;
    private final TreeMap<Long, Held> held = new TreeMap<>();
    private long gapTimer;
    private boolean gapTimerArmed;
    private volatile long syncedPts = -1;

    SyncEngine(ParleyClient client, JsonCodec codec, UpdateStream stream) {
        this.client = client;
        this.codec = codec;
        this.stream = stream;
    }

    /** The pts delivered so far, or -1 before sync started. Readable from any thread. */
    long syncedPts() {
        return syncedPts;
    }

    /** On the lane: loads (or, on first use, fetches) the pts, then catches up; completes {@code started}. */
    void start(SyncStateStore newStore, SyncListener newListener, int newPageSize, CompletableFuture<Long> started) {
        if (active) {
            started.completeExceptionally(new IllegalStateException("sync is already started on this client"));
            return;
        }
        try {
            store = newStore;
            listener = newListener;
            pageSize = newPageSize;
            held.clear();
            var saved = store.load();
            if (saved.isPresent()) {
                local = saved.getAsLong();
            } else {
                // A device that never synced starts at the present: history comes from getDialogs/getHistory.
                local = client.call(SyncMethods.GET_STATE, new SyncMethods.GetState(), SyncMethods.State.class).pts();
                store.save(local);
            }
            syncedPts = local;
            active = true;
            catchUp();
            started.complete(local);
        } catch (RuntimeException e) {
            active = false;
            started.completeExceptionally(e);
        }
    }

    @Override
    public void onUpdates(UpdateBatch batch) {
        if (!active) {
            return;
        }
        List<Update> updates = decode(batch);
        if (batch.ptsCount() == 0) {
            deliverAfterLocal(updates);
            return;
        }
        apply(new Held(batch.pts() - batch.ptsCount(), batch.pts(), updates));
        drainHeld();
    }

    @Override
    public void onConnected(boolean reconnect) {
        if (active) {
            catchUpOrRetry();
        }
    }

    @Override
    public void onSessionRevoked(String reason) {
        active = false;
    }

    /** Rule 2: continue, ignore or hold. */
    private void apply(Held batch) {
        if (batch.pts() <= local) {
            return;
        }
        if (batch.start() > local) {
            held.putIfAbsent(batch.start(), batch);
            return;
        }
        // Overlapping the local pts (a batch partly covered by a difference page): only the positions after it.
        if (deliverAfterLocal(batch.updates())) {
            advance(batch.pts());
        }
    }

    /**
     * Delivers the updates after the local pts, moving it along update by update; returns false if sync was
     * stopped meanwhile, after saving the pts of the last update the listener actually saw.
     */
    private boolean deliverAfterLocal(List<Update> updates) {
        for (Update update : updates) {
            if (!active) {
                break;
            }
            long pts = update.ptsOf();
            if (pts == 0 || pts > local) {
                deliver(update);
                local = Math.max(local, pts);
            }
        }
        if (!active) {
            advance(local);
            return false;
        }
        return true;
    }

    /** Stops delivering (from any thread, also from the listener): nothing after the current update is delivered. */
    void stop() {
        active = false;
    }

    /** Applies held batches that now continue the pts; arms the gap timer while a gap remains. */
    private void drainHeld() {
        while (!held.isEmpty()) {
            Map.Entry<Long, Held> first = held.firstEntry();
            if (first.getValue().pts() <= local) {
                held.pollFirstEntry();
            } else if (first.getKey() <= local) {
                held.pollFirstEntry();
                apply(first.getValue());
            } else {
                break;
            }
        }
        if (held.isEmpty()) {
            gapTimerArmed = false;
        } else if (!gapTimerArmed) {
            gapTimerArmed = true;
            long timer = ++gapTimer;
            later(GAP_WAIT, () -> onGapTimeout(timer));
        }
    }

    private void onGapTimeout(long timer) {
        if (!active || !gapTimerArmed || timer != gapTimer) {
            return;
        }
        gapTimerArmed = false;
        if (!held.isEmpty()) {
            catchUpOrRetry();
        }
    }

    private void catchUpOrRetry() {
        try {
            catchUp();
        } catch (ParleyException e) {
            if (e.code() == ErrorCode.SESSION_REVOKED || client.isClosed()) {
                // Nothing to retry: the session is gone or the application closed the client.
                active = false;
                return;
            }
            log.warn("catching up failed ({}: {}); retrying in {} ms", e.code(), e.getMessage(),
                    RETRY_DELAY.toMillis());
            later(RETRY_DELAY, () -> {
                if (active) {
                    catchUpOrRetry();
                }
            });
        }
    }

    /** Rule 3 and 4: getDifference from the local pts, page after page until final, then the held pushes. */
    private void catchUp() {
        while (true) {
            Difference page = client.call(SyncMethods.GET_DIFFERENCE, new SyncMethods.GetDifference(local, pageSize),
                    Difference.class);
            if (Boolean.TRUE.equals(page.tooLong())) {
                held.clear();
                advance(page.state().pts());
                guarded(() -> listener.onResync(local));
                break;
            }
            if (!deliverAfterLocal(page.updates())) {
                return;
            }
            advance(Math.max(local, page.state().pts()));
            if (Boolean.TRUE.equals(page.isFinal())) {
                break;
            }
        }
        drainHeld();
        if (active) {
            guarded(() -> listener.onCaughtUp(local));
        }
    }

    private void advance(long pts) {
        local = pts;
        store.save(pts);
        syncedPts = pts;
    }

    private void deliver(Update update) {
        guarded(() -> listener.onUpdate(update));
    }

    private List<Update> decode(UpdateBatch batch) {
        List<Update> updates = new ArrayList<>(batch.updates().size());
        for (Object element : batch.updates()) {
            JsonNode node = element instanceof JsonNode tree ? tree : codec.toTree(element);
            try {
                updates.add(codec.bind(node, Update.class));
            } catch (ParleyException unknown) {
                // An update kind newer than this SDK: it still occupies its pts, the app just cannot see it.
                log.warn("skipping an update this SDK cannot read: {}", unknown.getMessage());
            }
        }
        return updates;
    }

    /** Runs {@code task} on the lane after {@code delay}. */
    private void later(Duration delay, Runnable task) {
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> stream.offer(new UpdateStream.Event.Task(task)));
    }

    /** A listener's failure is logged and does not stop sync; the update counts as delivered. */
    private static void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("sync listener failed", e);
        }
    }
}
