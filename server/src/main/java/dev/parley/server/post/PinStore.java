package dev.parley.server.post;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** {@code pinned_messages}: one row per pinned message of a chat, with who pinned it and when. */
final class PinStore {

    /** True if the message was not pinned before. */
    boolean pin(Handle h, long chatId, long messageId, long userId, long now) {
        return h.createUpdate("INSERT INTO pinned_messages (chat_id, message_id, pinned_by, date) "
                        + "VALUES (:c, :m, :u, :d) ON CONFLICT DO NOTHING")
                .bind("c", chatId).bind("m", messageId).bind("u", userId).bind("d", now).execute() > 0;
    }

    boolean unpin(Handle h, long chatId, long messageId) {
        return h.createUpdate("DELETE FROM pinned_messages WHERE chat_id = :c AND message_id = :m")
                .bind("c", chatId).bind("m", messageId).execute() > 0;
    }

    /** Pinned message ids, newest pin first. */
    List<Long> pinned(Handle h, long chatId) {
        return h.createQuery("SELECT message_id FROM pinned_messages WHERE chat_id = :c "
                        + "ORDER BY date DESC, message_id DESC")
                .bind("c", chatId).mapTo(Long.class).list();
    }

    /** The pinned ones among a page's messages (see {@link PostKeyRanges}). */
    Set<PostKey> pinnedAmong(Handle h, PostKeyRanges keys) {
        Set<PostKey> pinned = new HashSet<>();
        keys.query(h, "SELECT chat_id, message_id FROM pinned_messages", "", List.of(), rs -> {
            pinned.add(new PostKey(rs.getLong(1), rs.getLong(2)));
            return null;
        });
        return pinned;
    }

    void deleteChat(Handle h, long chatId) {
        h.createUpdate("DELETE FROM pinned_messages WHERE chat_id = :c").bind("c", chatId).execute();
    }
}
