package dev.parley.server.chat;

import dev.parley.protocol.channel.ChannelMethods;

/**
 * A stored chat. {@code seq} is its last event number; message ids are seqs, so lastMessageId ≤ seq. Supergroups and
 * channels ({@link #isLarge}) are fan-out on read and may have a public {@code username}.
 */
public record ChatRow(long chatId, String kind, String title, long seq, int memberCount, long lastMessageId,
        long lastActivityAt, long createdAt, String username, String about, boolean signMessages) {
    public boolean isPrivate() {
        return "private".equals(kind);
    }

    public boolean isChannel() {
        return ChannelMethods.KIND_CHANNEL.equals(kind);
    }

    /** Fan-out on read: events are stored once and read by seq, never copied into members' update logs. */
    public boolean isLarge() {
        return isChannel() || ChannelMethods.KIND_SUPERGROUP.equals(kind);
    }
}
