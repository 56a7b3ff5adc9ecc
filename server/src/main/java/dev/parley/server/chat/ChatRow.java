package dev.parley.server.chat;

/** A stored chat. {@code seq} is its last event number; message ids are seqs, so lastMessageId ≤ seq. */
public record ChatRow(long chatId, String kind, String title, long seq, int memberCount, long lastMessageId,
        long lastActivityAt, long createdAt) {
    public boolean isPrivate() {
        return "private".equals(kind);
    }
}
