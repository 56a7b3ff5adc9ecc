package dev.parley.server.chat;

import dev.parley.protocol.channel.InviteMethods.Invite;
import dev.parley.protocol.channel.InviteMethods.JoinRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Invite links and join requests (schema in V32__chat_invites.sql):
 * <ul>
 *   <li>{@code chat_invites (token PK)}, index chat_id: creator, expiry (0 = never), usage limit (0 = unlimited) and
 *   count, whether joining needs an admin's approval, revoked flag. Keyed by the secret token because joining
 *   presents only the token. Deleted with the chat.</li>
 *   <li>{@code chat_join_requests (chat_id, user_id) PK}: pending requests; removed when decided and with the
 *   chat.</li>
 * </ul>
 */
public final class InviteStore {
    private static final String COLUMNS = "token, chat_id, creator_id, expire_date, usage_limit, usage_count, "
            + "request_needed, revoked";

    public void insert(Handle h, Invite invite, long now) {
        h.createUpdate("INSERT INTO chat_invites (token, chat_id, creator_id, expire_date, usage_limit, usage_count, "
                        + "request_needed, revoked, created_at) VALUES (:t, :c, :by, :exp, :lim, 0, :req, 0, :now)")
                .bind("t", invite.token()).bind("c", invite.chatId()).bind("by", invite.creatorId())
                .bind("exp", invite.expireDate()).bind("lim", invite.usageLimit())
                .bind("req", invite.requestNeeded() ? 1 : 0).bind("now", now).execute();
    }

    public Optional<Invite> find(Handle h, String token) {
        return h.createQuery("SELECT " + COLUMNS + " FROM chat_invites WHERE token = :t").bind("t", token)
                .map((rs, ctx) -> invite(rs)).findOne();
    }

    /** The chat's links, newest first; revoked ones only when asked. */
    public List<Invite> list(Handle h, long chatId, boolean withRevoked) {
        return h.createQuery("SELECT " + COLUMNS + " FROM chat_invites WHERE chat_id = :c"
                        + (withRevoked ? "" : " AND revoked = 0") + " ORDER BY created_at DESC, token")
                .bind("c", chatId).map((rs, ctx) -> invite(rs)).list();
    }

    private static Invite invite(ResultSet rs) throws SQLException {
        return new Invite(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getInt(5), rs.getInt(6),
                rs.getInt(7) != 0, rs.getInt(8) != 0);
    }

    public boolean revoke(Handle h, long chatId, String token) {
        return h.createUpdate("UPDATE chat_invites SET revoked = 1 WHERE token = :t AND chat_id = :c AND revoked = 0")
                .bind("t", token).bind("c", chatId).execute() == 1;
    }

    /** Counts one use unless the limit is reached; one conditional UPDATE, so concurrent joins never overshoot. */
    public boolean claimUse(Handle h, String token) {
        return h.createUpdate("UPDATE chat_invites SET usage_count = usage_count + 1 WHERE token = :t "
                        + "AND (usage_limit = 0 OR usage_count < usage_limit)")
                .bind("t", token).execute() == 1;
    }

    public void request(Handle h, long chatId, long userId, String token, long now) {
        h.createUpdate("INSERT INTO chat_join_requests (chat_id, user_id, token, date) VALUES (:c, :u, :t, :now) "
                        + "ON CONFLICT (chat_id, user_id) DO NOTHING")
                .bind("c", chatId).bind("u", userId).bind("t", token).bind("now", now).execute();
    }

    public boolean removeRequest(Handle h, long chatId, long userId) {
        return h.createUpdate("DELETE FROM chat_join_requests WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).execute() == 1;
    }

    public List<JoinRequest> requests(Handle h, long chatId) {
        return h.createQuery("SELECT user_id, date FROM chat_join_requests WHERE chat_id = :c ORDER BY date, user_id")
                .bind("c", chatId).map((rs, ctx) -> new JoinRequest(rs.getLong(1), rs.getLong(2))).list();
    }
}
