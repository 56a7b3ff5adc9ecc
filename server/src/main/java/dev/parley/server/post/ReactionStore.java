package dev.parley.server.post;

import dev.parley.protocol.message.PostMethods.ReactionCount;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Reactions. {@code chat_reaction_settings}: the allowed set per chat (JSON array; no row = default).
 * {@code message_reactions}: one row per (chat, message, account). {@code message_reaction_counts}: the aggregated
 * count per (chat, message, reaction), kept in the same transaction as the rows it counts; zero counts are deleted.
 */
final class ReactionStore {

    Optional<String> allowed(Handle h, long chatId) {
        return h.createQuery("SELECT allowed FROM chat_reaction_settings WHERE chat_id = :c").bind("c", chatId)
                .mapTo(String.class).findOne();
    }

    void setAllowed(Handle h, long chatId, String json) {
        h.createUpdate("INSERT INTO chat_reaction_settings (chat_id, allowed) VALUES (:c, :a) "
                        + "ON CONFLICT (chat_id) DO UPDATE SET allowed = excluded.allowed")
                .bind("c", chatId).bind("a", json).execute();
    }

    Optional<String> reactionOf(Handle h, long chatId, long messageId, long userId) {
        return h.createQuery("SELECT reaction FROM message_reactions WHERE chat_id = :c AND message_id = :m "
                        + "AND user_id = :u")
                .bind("c", chatId).bind("m", messageId).bind("u", userId).mapTo(String.class).findOne();
    }

    /** Sets (or with null removes) the account's reaction; returns the one it replaced. */
    void put(Handle h, long chatId, long messageId, long userId, String reaction, long now) {
        h.createUpdate("INSERT INTO message_reactions (chat_id, message_id, user_id, reaction, date) "
                        + "VALUES (:c, :m, :u, :r, :d) ON CONFLICT (chat_id, message_id, user_id) "
                        + "DO UPDATE SET reaction = excluded.reaction, date = excluded.date")
                .bind("c", chatId).bind("m", messageId).bind("u", userId).bind("r", reaction).bind("d", now)
                .execute();
    }

    void remove(Handle h, long chatId, long messageId, long userId) {
        h.createUpdate("DELETE FROM message_reactions WHERE chat_id = :c AND message_id = :m AND user_id = :u")
                .bind("c", chatId).bind("m", messageId).bind("u", userId).execute();
    }

    void count(Handle h, long chatId, long messageId, String reaction, int delta) {
        h.createUpdate("INSERT INTO message_reaction_counts (chat_id, message_id, reaction, count) "
                        + "VALUES (:c, :m, :r, :d) ON CONFLICT (chat_id, message_id, reaction) "
                        + "DO UPDATE SET count = message_reaction_counts.count + excluded.count")
                .bind("c", chatId).bind("m", messageId).bind("r", reaction).bind("d", delta).execute();
        if (delta < 0) {
            h.createUpdate("DELETE FROM message_reaction_counts WHERE chat_id = :c AND message_id = :m "
                            + "AND reaction = :r AND count <= 0")
                    .bind("c", chatId).bind("m", messageId).bind("r", reaction).execute();
        }
    }

    /**
     * Counts per message, most used first (ties by reaction, so the order is stable), of the messages with these ids
     * in these chats (one query for a page that spans several chats; callers pick the pairs they asked for).
     */
    Map<PostKey, List<ReactionCount>> counts(Handle h, Collection<Long> chatIds, Collection<Long> messageIds) {
        Map<PostKey, List<ReactionCount>> counts = new HashMap<>();
        if (chatIds.isEmpty() || messageIds.isEmpty()) {
            return counts;
        }
        h.createQuery("SELECT chat_id, message_id, reaction, count FROM message_reaction_counts "
                        + "WHERE chat_id IN (<chats>) AND message_id IN (<ids>) "
                        + "ORDER BY chat_id, message_id, count DESC, reaction")
                .bindList("chats", List.copyOf(chatIds)).bindList("ids", List.copyOf(messageIds))
                .map((rs, ctx) -> {
                    counts.computeIfAbsent(new PostKey(rs.getLong(1), rs.getLong(2)), k -> new java.util.ArrayList<>())
                            .add(new ReactionCount(rs.getString(3), rs.getInt(4)));
                    return null;
                }).list();
        return counts;
    }

    /** {@link #counts} of a page's messages (see {@link PostKeyRanges}). */
    Map<PostKey, List<ReactionCount>> counts(Handle h, PostKeyRanges keys) {
        Map<PostKey, List<ReactionCount>> counts = new HashMap<>();
        keys.query(h, "SELECT chat_id, message_id, reaction, count FROM message_reaction_counts",
                " ORDER BY chat_id, message_id, count DESC, reaction", List.of(), rs -> {
                    counts.computeIfAbsent(new PostKey(rs.getLong(1), rs.getLong(2)), k -> new java.util.ArrayList<>())
                            .add(new ReactionCount(rs.getString(3), rs.getInt(4)));
                    return null;
                });
        return counts;
    }

    /** {@link #reactionsOf} among a page's messages (see {@link PostKeyRanges}). */
    Map<PostKey, String> reactionsOf(Handle h, PostKeyRanges keys, long userId) {
        Map<PostKey, String> mine = new HashMap<>();
        keys.query(h, "SELECT chat_id, message_id, reaction FROM message_reactions WHERE user_id = ?", "",
                List.of(userId), rs -> {
                    mine.put(new PostKey(rs.getLong(1), rs.getLong(2)), rs.getString(3));
                    return null;
                });
        return mine;
    }

    /** The account's reactions among these messages. */
    Map<PostKey, String> reactionsOf(Handle h, Collection<Long> chatIds, Collection<Long> messageIds, long userId) {
        Map<PostKey, String> mine = new HashMap<>();
        if (chatIds.isEmpty() || messageIds.isEmpty()) {
            return mine;
        }
        h.createQuery("SELECT chat_id, message_id, reaction FROM message_reactions WHERE user_id = :u "
                        + "AND chat_id IN (<chats>) AND message_id IN (<ids>)")
                .bind("u", userId).bindList("chats", List.copyOf(chatIds)).bindList("ids", List.copyOf(messageIds))
                .map((rs, ctx) -> mine.put(new PostKey(rs.getLong(1), rs.getLong(2)), rs.getString(3))).list();
        return mine;
    }

    /** Removes every reaction of the account, counting each down. */
    void eraseUser(Handle h, long userId) {
        record Mine(long chatId, long messageId, String reaction) {}
        List<Mine> mine = h.createQuery("SELECT chat_id, message_id, reaction FROM message_reactions "
                        + "WHERE user_id = :u ORDER BY chat_id, message_id")
                .bind("u", userId).map((rs, ctx) -> new Mine(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
        mine.forEach(r -> count(h, r.chatId(), r.messageId(), r.reaction(), -1));
        h.createUpdate("DELETE FROM message_reactions WHERE user_id = :u").bind("u", userId).execute();
    }

    void deleteChat(Handle h, long chatId) {
        for (String table : List.of("chat_reaction_settings", "message_reactions", "message_reaction_counts")) {
            h.createUpdate("DELETE FROM " + table + " WHERE chat_id = :c").bind("c", chatId).execute();
        }
    }
}
