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
 *   <li>{@code chat_commenters (chat_id, user_id) PK} (V55): the same restriction and slow-mode columns for channel
 *   subscribers who comment in a discussion group they are not members of. Deleted with the chat and the account.</li>
 *   <li>{@code chat_admin_log (chat_id, entry_id) PK}: moderation actions; entry ids are time-ordered. Deleted with
 *   the chat.</li>
 * </ul>
 */
public final class ModerationStore {

    /** A member's moderation columns. */
    public record Standing(int adminRights, Integer restricted, long restrictedUntil, long lastPostAt) {}

    /** A chat's moderation columns. */
    public record Settings(int defaultPermissions, int slowModeSeconds) {}

    /**
     * A member's standing; for a non-member who commented in the group ({@code chat_commenters}) the commenter's
     * (never any admin right); for anyone else no rights, no restriction, never posted.
     */
    public Standing standing(Handle h, long chatId, long userId) {
        return standing(h, "SELECT admin_rights, restricted_permissions, restricted_until, last_post_at "
                + "FROM chat_members WHERE chat_id = :c AND user_id = :u", chatId, userId)
                .or(() -> standing(h, "SELECT 0, restricted_permissions, restricted_until, last_post_at "
                        + "FROM chat_commenters WHERE chat_id = :c AND user_id = :u", chatId, userId))
                .orElse(new Standing(0, null, 0, 0));
    }

    private static Optional<Standing> standing(Handle h, String sql, long chatId, long userId) {
        return h.createQuery(sql).bind("c", chatId).bind("u", userId)
                .map((rs, ctx) -> {
                    int restricted = rs.getInt(2);
                    Integer r = rs.wasNull() ? null : restricted;
                    return new Standing(rs.getInt(1), r, rs.getLong(3), rs.getLong(4));
                })
                .findOne();
    }

    /** Records a commenter (a non-member commenting in a discussion group) once; later calls change nothing. */
    public void addCommenter(Handle h, long chatId, long userId, long now) {
        h.createUpdate("INSERT INTO chat_commenters (chat_id, user_id, first_at) VALUES (:c, :u, :now) "
                        + "ON CONFLICT (chat_id, user_id) DO NOTHING")
                .bind("c", chatId).bind("u", userId).bind("now", now).execute();
    }

    public boolean isCommenter(Handle h, long chatId, long userId) {
        return h.createQuery("SELECT 1 FROM chat_commenters WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).mapTo(Integer.class).findOne().isPresent();
    }

    /** A commenter who joins the group, or is erased, keeps no separate standing. */
    public void removeCommenter(Handle h, long chatId, long userId) {
        h.createUpdate("DELETE FROM chat_commenters WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).execute();
    }

    /** Carries a commenter's restriction and slow-mode clock into their new membership row. */
    public void adoptCommenter(Handle h, long chatId, long userId) {
        String from = " FROM chat_commenters k WHERE k.chat_id = :c AND k.user_id = :u)";
        int moved = h.createUpdate("UPDATE chat_members SET restricted_permissions = (SELECT k.restricted_permissions"
                        + from + ", restricted_until = (SELECT k.restricted_until" + from
                        + ", last_post_at = (SELECT k.last_post_at" + from
                        + " WHERE chat_id = :c AND user_id = :u AND EXISTS (SELECT 1" + from)
                .bind("c", chatId).bind("u", userId).execute();
        if (moved > 0) {
            removeCommenter(h, chatId, userId);
        }
    }

    public void eraseCommenter(Handle h, long userId) {
        h.createUpdate("DELETE FROM chat_commenters WHERE user_id = :u").bind("u", userId).execute();
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

    /** Restricts a member, or else a commenter (whichever row exists). */
    public void restrict(Handle h, long chatId, long userId, int permissions, long until) {
        for (String table : List.of("chat_members", "chat_commenters")) {
            int rows = h.createUpdate("UPDATE " + table + " SET restricted_permissions = :p, restricted_until = :until "
                            + "WHERE chat_id = :c AND user_id = :u")
                    .bind("c", chatId).bind("u", userId).bind("p", permissions).bind("until", until).execute();
            if (rows > 0) {
                return;
            }
        }
    }

    /** The slow-mode clock of a member, or else of a commenter. */
    public void posted(Handle h, long chatId, long userId, long now) {
        for (String table : List.of("chat_members", "chat_commenters")) {
            int rows = h.createUpdate("UPDATE " + table + " SET last_post_at = :now "
                            + "WHERE chat_id = :c AND user_id = :u")
                    .bind("c", chatId).bind("u", userId).bind("now", now).execute();
            if (rows > 0) {
                return;
            }
        }
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
