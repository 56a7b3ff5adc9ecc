package dev.parley.server.message;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Linked discussion groups (schema in V42__discussion_groups.sql):
 * <ul>
 *   <li>{@code channel_discussions (channel_id PK, group_id unique)}: a channel's discussion group. Deleted with
 *   either chat.</li>
 *   <li>{@code discussion_threads (channel_id, post_id) PK → group_id, root_id}: each post mirrored into the group;
 *   the mirror is the thread root the comments reply to. Deleted with either chat.</li>
 * </ul>
 */
public final class DiscussionStore {
    public record Thread(long groupId, long rootId) {}

    public record Post(long channelId, long postId) {}

    public Optional<Long> groupOf(Handle h, long channelId) {
        return h.createQuery("SELECT group_id FROM channel_discussions WHERE channel_id = :c").bind("c", channelId)
                .mapTo(Long.class).findOne();
    }

    public Optional<Long> channelOf(Handle h, long groupId) {
        return h.createQuery("SELECT channel_id FROM channel_discussions WHERE group_id = :g").bind("g", groupId)
                .mapTo(Long.class).findOne();
    }

    public void link(Handle h, long channelId, long groupId) {
        h.createUpdate("INSERT INTO channel_discussions (channel_id, group_id) VALUES (:c, :g) "
                        + "ON CONFLICT (channel_id) DO UPDATE SET group_id = :g")
                .bind("c", channelId).bind("g", groupId).execute();
    }

    public boolean unlink(Handle h, long channelId) {
        return h.createUpdate("DELETE FROM channel_discussions WHERE channel_id = :c").bind("c", channelId)
                .execute() == 1;
    }

    public void thread(Handle h, long channelId, long postId, long groupId, long rootId) {
        h.createUpdate("INSERT INTO discussion_threads (channel_id, post_id, group_id, root_id) "
                        + "VALUES (:c, :p, :g, :r)")
                .bind("c", channelId).bind("p", postId).bind("g", groupId).bind("r", rootId).execute();
    }

    public Optional<Thread> threadOf(Handle h, long channelId, long postId) {
        return h.createQuery("SELECT group_id, root_id FROM discussion_threads WHERE channel_id = :c "
                        + "AND post_id = :p")
                .bind("c", channelId).bind("p", postId)
                .map((rs, ctx) -> new Thread(rs.getLong(1), rs.getLong(2))).findOne();
    }

    /** The channel post whose thread has this root in the group, if the group message is a thread root. */
    public Optional<Post> postOf(Handle h, long groupId, long rootId) {
        return h.createQuery("SELECT channel_id, post_id FROM discussion_threads WHERE group_id = :g AND root_id = :r")
                .bind("g", groupId).bind("r", rootId)
                .map((rs, ctx) -> new Post(rs.getLong(1), rs.getLong(2))).findOne();
    }

    public List<Long> postsWithThreads(Handle h, long channelId, List<Long> postIds) {
        return h.createQuery("SELECT post_id FROM discussion_threads WHERE channel_id = :c AND post_id IN (<ids>)")
                .bind("c", channelId).bindList("ids", postIds).mapTo(Long.class).list();
    }
}
