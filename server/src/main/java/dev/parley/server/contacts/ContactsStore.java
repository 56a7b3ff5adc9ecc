package dev.parley.server.contacts;

import dev.parley.server.db.Sql;
import org.jdbi.v3.core.Handle;

/**
 * Blocks. Table {@code blocks (user_id, blocked_user_id) PK, date}: user_id blocked blocked_user_id. Keyed by the
 * blocking user (their shard); the secondary index on blocked_user_id serves account erasure. Rows live until
 * unblock or the deletion of either account.
 */
public final class ContactsStore {

    public void block(Handle handle, long userId, long blockedUserId, long date) {
        handle.createUpdate("INSERT INTO blocks (user_id, blocked_user_id, date) VALUES (:u, :b, :d) "
                        + "ON CONFLICT (user_id, blocked_user_id) DO NOTHING")
                .bind("u", userId).bind("b", blockedUserId).bind("d", date).execute();
    }

    public void unblock(Handle handle, long userId, long blockedUserId) {
        handle.createUpdate("DELETE FROM blocks WHERE user_id = :u AND blocked_user_id = :b")
                .bind("u", userId).bind("b", blockedUserId).execute();
    }

    public boolean blocked(Handle handle, long userId, long blockedUserId) {
        // Plain JDBC: checked on every private message (see Sql).
        return Sql.on(handle, "SELECT 1 FROM blocks WHERE user_id = ? AND blocked_user_id = ?")
                .set(1, userId).set(2, blockedUserId).first(rs -> true).isPresent();
    }

    public void eraseUser(Handle handle, long userId) {
        handle.createUpdate("DELETE FROM blocks WHERE user_id = :u").bind("u", userId).execute();
        handle.createUpdate("DELETE FROM blocks WHERE blocked_user_id = :u").bind("u", userId).execute();
    }
}
