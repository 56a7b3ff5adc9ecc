package dev.parley.server.sync;

import dev.parley.protocol.sync.Update;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Turns stored log rows into updates as the user sees them now. Implemented by the messaging feature, which owns the
 * chats and messages the rows point to; must return exactly one update per row, in order, so pts accounting is exact.
 */
@FunctionalInterface
public interface LogRenderer {
    List<Update> render(Handle handle, long userId, List<LogRow> rows);
}
