package dev.parley.server.chat;

/**
 * A stored chat. {@code seq} is its last event number; message ids are seqs, so lastMessageId ≤ seq. {@code e2e}
 * marks an end-to-end encrypted chat (its messages are MLS ciphertext, its membership changes with MLS commits).
 */
public record ChatRow(long chatId, String kind, String title, long seq, int memberCount, long lastMessageId,
        long lastActivityAt, long createdAt, boolean e2e) {
    public boolean isPrivate() {
        return "private".equals(kind);
    }
}
