package dev.parley.server.chat;

import dev.parley.protocol.channel.ChannelMethods;

/**
 * A stored chat. {@code seq} is its last event number; message ids are seqs, so lastMessageId ≤ seq. {@code e2e}
 * marks an end-to-end encrypted chat (its messages are MLS ciphertext, its membership changes with MLS commits).
 * Supergroups and channels ({@link #isLarge}) are fan-out on read, never encrypted, and may have a public
 * {@code username}.
 */
public record ChatRow(long chatId, String kind, String title, long seq, int memberCount, long lastMessageId,
        long lastActivityAt, long createdAt, boolean e2e, String username, String about, boolean signMessages) {
    public boolean isPrivate() {
        return "private".equals(kind);
    }

    public boolean isChannel() {
        return ChannelMethods.KIND_CHANNEL.equals(kind);
    }

    /** Fan-out on read: events are stored once and read by seq, never copied into members' update logs. */
    public boolean isLarge() {
        return isLargeKind(kind);
    }

    static boolean isLargeKind(String kind) {
        return ChannelMethods.KIND_CHANNEL.equals(kind) || ChannelMethods.KIND_SUPERGROUP.equals(kind);
    }
}
