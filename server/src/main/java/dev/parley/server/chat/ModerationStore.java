package dev.parley.server.chat;

import dev.parley.protocol.channel.ModerationMethods.AdminLogEntry;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Rights and moderation state of supergroups and channels (schema in V31__chat_rights.sql), all keyed by chat_id:
 * <ul>
 *   <li>{@code chat_members} columns {@code admin_rights} (mask, {@link Rights}), {@code restricted_permissions}
 *   (NULL = unrestricted) until {@code restricted_until} (0 = forever), {@code last_post_at} (slow mode). Live and
 *   die with the membership row.</li>
 *   <li>{@code chats} columns {@code default_permissions} (member mask) and {@code slow_mode_seconds}.</li>
 *   <li>{@code chat_bans (chat_id, user_id) PK}: until_date (0 = forever), banned_by, date. Removed on unban, when
 *   the user rejoins after expiry, and with the chat.</li>
 *   <li>{@code chat_admin_log (chat_id, entry_id) PK}: moderation actions; entry ids are time-ordered. Deleted with
 *   the chat.</li>
 * </ul>
 */
public final class ModerationStore {

    /** A member's moderation columns. */
    public record Standing(int adminRights, Integer restricted, long restrictedUntil, long lastPostAt) {}

    /** A chat's moderation columns. */
    public record Settings(int defaultPermissions, int slowModeSeconds) {}

    public Standing standing(Handle h, long chatId, long userId) {
        return h.createQuery("SELECT admin_rights, restricted_permissions, restricted_until, last_post_at "
                        + "FROM chat_members WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId)
                .map((rs, ctx) -> {
                    int restricted = rs.getInt(2);
                    Integer r = rs.wasNull() ? null : restricted;
                    return new Standing(rs.getInt(1), r, rs.getLong(3), rs.getLong(4));
                })
                .one();
    }

    public Settings settings(Handle h, long chatId) {
        return h.createQuery("SELECT default_permissions, slow_mode_seconds FROM chats WHERE chat_id = :c")
                .bind("c", chatId).map((rs, ctx) -> new Settings(rs.getInt(1), rs.getInt(2))).one();
    }

    public void setAdminRights(Handle h, long chatId, long userId, int rights) {
        h.createUpdate("UPDATE chat_members SET admin_rights = :r WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).bind("r", rights).execute();
    }

    /** Gives every admin of the chat the given rights (a converted group's admins). */
    public void grantAllAdmins(Handle h, long chatId, int rights) {
        h.createUpdate("UPDATE chat_members SET admin_rights = :r WHERE chat_id = :c AND role = 'admin'")
                .bind("c", chatId).bind("r", rights).execute();
    }

    public void restrict(Handle h, long chatId, long userId, int permissions, long until) {
        h.createUpdate("UPDATE chat_members SET restricted_permissions = :p, restricted_until = :until "
                        + "WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).bind("p", permissions).bind("until", until).execute();
    }

    public void posted(Handle h, long chatId, long userId, long now) {
        h.createUpdate("UPDATE chat_members SET last_post_at = :now WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).bind("now", now).execute();
    }

    public void setDefaultPermissions(Handle h, long chatId, int permissions) {
        h.createUpdate("UPDATE chats SET default_permissions = :p WHERE chat_id = :c")
                .bind("c", chatId).bind("p", permissions).execute();
    }

    public void setSlowMode(Handle h, long chatId, int seconds) {
        h.createUpdate("UPDATE chats SET slow_mode_seconds = :s WHERE chat_id = :c")
                .bind("c", chatId).bind("s", seconds).execute();
    }

    public void ban(Handle h, long chatId, long userId, long until, long by, long now) {
        h.createUpdate("INSERT INTO chat_bans (chat_id, user_id, until_date, banned_by, date) "
                        + "VALUES (:c, :u, :until, :by, :now) ON CONFLICT (chat_id, user_id) DO UPDATE "
                        + "SET until_date = excluded.until_date, banned_by = excluded.banned_by, date = excluded.date")
                .bind("c", chatId).bind("u", userId).bind("until", until).bind("by", by).bind("now", now).execute();
    }

    /** The ban's end (0 = forever), if the user has a ban row. */
    public Optional<Long> banUntil(Handle h, long chatId, long userId) {
        return h.createQuery("SELECT until_date FROM chat_bans WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).mapTo(Long.class).findOne();
    }

    public boolean unban(Handle h, long chatId, long userId) {
        return h.createUpdate("DELETE FROM chat_bans WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).execute() == 1;
    }

    public void log(Handle h, long chatId, long entryId, long actorId, String action, Long userId, String details,
            long now) {
        h.createUpdate("INSERT INTO chat_admin_log (chat_id, entry_id, actor_id, action, user_id, details, date) "
                        + "VALUES (:c, :e, :a, :action, :u, :d, :now)")
                .bind("c", chatId).bind("e", entryId).bind("a", actorId).bind("action", action).bind("u", userId)
                .bind("d", details).bind("now", now).execute();
    }

    public List<AdminLogEntry> adminLog(Handle h, long chatId, int limit) {
        return h.createQuery("SELECT entry_id, date, actor_id, action, user_id, details FROM chat_admin_log "
                        + "WHERE chat_id = :c ORDER BY entry_id DESC LIMIT :limit")
                .bind("c", chatId).bind("limit", limit)
                .map((rs, ctx) -> {
                    long user = rs.getLong(5);
                    Long u = rs.wasNull() ? null : user;
                    return new AdminLogEntry(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), u,
                            rs.getString(6));
                })
                .list();
    }
}
