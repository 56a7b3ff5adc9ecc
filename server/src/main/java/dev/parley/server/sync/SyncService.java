package dev.parley.server.sync;

import dev.parley.protocol.sync.SyncMethods.Difference;
import dev.parley.protocol.sync.SyncMethods.State;
import dev.parley.protocol.sync.Update;
import dev.parley.server.db.Database;
import java.time.Clock;
import java.util.List;

/**
 * Reading the update logs: state and paged difference, plus trimming. Difference pages are rendered from the same
 * read snapshot as the log rows, and each row renders to exactly one update, so {@code state.pts} of a page is the pts
 * of its last update and a client can chain pages with no gap and no overlap.
 */
public final class SyncService {
    private final Database database;
    private final UpdateLog log;
    private final LogRenderer renderer;
    private final SyncSettings settings;
    private final Clock clock;

    public SyncService(Database database, UpdateLog log, LogRenderer renderer, SyncSettings settings, Clock clock) {
        this.database = database;
        this.log = log;
        this.renderer = renderer;
        this.settings = settings;
        this.clock = clock;
    }

    public State getState(long userId) {
        return new State(database.read(h -> log.pts(h, userId)));
    }

    public Difference getDifference(long userId, long pts, int limit) {
        return database.read(h -> {
            UpdateLog.Head head = log.head(h, userId);
            // Behind the trimmed point, or ahead of the log (state from a wiped server): only a resync helps.
            if (pts < head.trimmedPts() || pts > head.pts()) {
                return Difference.tooLong(head.pts());
            }
            List<LogRow> rows = log.after(h, userId, pts, limit);
            if (rows.isEmpty()) {
                return Difference.page(List.of(), head.pts(), true);
            }
            List<Update> updates = renderer.render(h, userId, rows);
            if (updates.size() != rows.size()) {
                throw new IllegalStateException("renderer returned " + updates.size() + " updates for "
                        + rows.size() + " rows");
            }
            long last = rows.getLast().pts();
            return Difference.page(updates, last, last >= head.pts());
        });
    }

    /** Drops log rows older than the configured age or beyond the per-user length; returns how many. */
    public int trim() {
        long cutoff = clock.instant().getEpochSecond() - settings.logMaxAge().toSeconds();
        return database.write(h -> log.trim(h, cutoff, settings.logMaxLength()));
    }
}
