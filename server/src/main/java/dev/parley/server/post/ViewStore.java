package dev.parley.server.post;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * View counters. {@code message_viewers}: one row per (chat, message, account) that viewed it, so an account counts
 * once; {@code message_view_counts}: the aggregated count, bumped only when a viewer row was new.
 */
final class ViewStore {

    /** Counts the account's view unless it already counted; true if it was new. */
    boolean view(Handle h, long chatId, long messageId, long userId) {
        int added = h.createUpdate("INSERT INTO message_viewers (chat_id, message_id, user_id) VALUES (:c, :m, :u) "
                        + "ON CONFLICT DO NOTHING")
                .bind("c", chatId).bind("m", messageId).bind("u", userId).execute();
        if (added == 0) {
            return false;
        }
        h.createUpdate("INSERT INTO message_view_counts (chat_id, message_id, views) VALUES (:c, :m, 1) "
                        + "ON CONFLICT (chat_id, message_id) DO UPDATE SET views = message_view_counts.views + 1")
                .bind("c", chatId).bind("m", messageId).execute();
        return true;
    }

    /** View counts of the messages with these ids in these chats (absent: no view yet). */
    Map<PostKey, Integer> views(Handle h, Collection<Long> chatIds, Collection<Long> messageIds) {
        Map<PostKey, Integer> views = new HashMap<>();
        if (chatIds.isEmpty() || messageIds.isEmpty()) {
            return views;
        }
        h.createQuery("SELECT chat_id, message_id, views FROM message_view_counts WHERE chat_id IN (<chats>) "
                        + "AND message_id IN (<ids>)")
                .bindList("chats", List.copyOf(chatIds)).bindList("ids", List.copyOf(messageIds))
                .map((rs, ctx) -> views.put(new PostKey(rs.getLong(1), rs.getLong(2)), rs.getInt(3))).list();
        return views;
    }

    /** {@link #views} of a page's messages (see {@link PostKeyRanges}). */
    Map<PostKey, Integer> views(Handle h, PostKeyRanges keys) {
        Map<PostKey, Integer> views = new HashMap<>();
        keys.query(h, "SELECT chat_id, message_id, views FROM message_view_counts", "", List.of(), rs -> {
            views.put(new PostKey(rs.getLong(1), rs.getLong(2)), rs.getInt(3));
            return null;
        });
        return views;
    }

    void eraseUser(Handle h, long userId) {
        h.createUpdate("DELETE FROM message_viewers WHERE user_id = :u").bind("u", userId).execute();
    }

    void deleteChat(Handle h, long chatId) {
        for (String table : List.of("message_viewers", "message_view_counts")) {
            h.createUpdate("DELETE FROM " + table + " WHERE chat_id = :c").bind("c", chatId).execute();
        }
    }
}
