package dev.parley.server.chat;

/**
 * A stored membership. Messages with ids above {@code visibleFrom} (the chat's seq when the member joined) are
 * visible to the member; history before joining is not. Read pointers are message ids; unreadCount is maintained on
 * every send, read and delete, never recounted.
 */
public record MemberRow(long chatId, long userId, Role role, long joinedAt, long visibleFrom, long readInboxMaxId,
        long readOutboxMaxId, int unreadCount) {}
