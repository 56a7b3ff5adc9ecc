package dev.parley.server.message;

import java.util.List;

/** JSON payloads of update-log rows that carry user-only facts instead of pointing at a chat event. */
final class LogPayloads {
    private LogPayloads() {}

    record Inbox(long maxId, int unread) {}

    record Outbox(long maxId) {}

    record Hidden(List<Long> ids) {}
}
