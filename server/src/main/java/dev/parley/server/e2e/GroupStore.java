package dev.parley.server.e2e;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * MLS groups of encrypted chats, their ordered handshakes and their welcomes. Tables (schema in V33__e2e.sql):
 * <ul>
 *   <li>{@code e2e_groups (chat_id PK)}: the MLS group id bound to the chat (base64, random, assigned by the server
 *   the first time the chat's group is used), the epoch the delivery service is at, and the disappearing-message
 *   timer with who set it last. The epoch advances only by {@code UPDATE … WHERE epoch = :expected}, a row lock on PostgreSQL, so two
 *   commits for one epoch cannot both win. Deleted with the chat.</li>
 *   <li>{@code e2e_handshakes (chat_id, seq) PK}, unique (chat_id, sender_id, random_id): accepted proposals and
 *   commits (base64 MLSMessage) under the chat event number that orders them; update-log rows of kind
 *   {@code e2eHandshake} point here. Deleted with the chat, and by age with the update logs.</li>
 *   <li>{@code e2e_welcomes (chat_id, welcome_id) PK}: a Welcome (base64) once per commit; and
 *   {@code e2e_welcome_recipients (user_id, device_id, welcome_id) PK}, index (chat_id, welcome_id): which devices
 *   it is for. Deleted with the chat, the recipient's account, or after {@link DeliveryService#WELCOME_MAX_AGE}.</li>
 * </ul>
 */
public final class GroupStore {

    public record GroupRow(long chatId, String groupId, long epoch, int timerSeconds, long timerSetBy) {}

    public record HandshakeRow(long chatId, long seq, long epoch, String contentType, long senderId, long randomId,
            String message, long date) {}

    public record WelcomeRow(long welcomeId, long chatId, long epoch, String message, long date) {}

    /** Binds a group id to the chat unless one is bound already; returns the bound group. */
    public GroupRow ensure(Handle h, long chatId, String newGroupId) {
        h.createUpdate("INSERT INTO e2e_groups (chat_id, group_id, epoch, timer_seconds) VALUES (:c, :g, 0, 0) "
                        + "ON CONFLICT (chat_id) DO NOTHING")
                .bind("c", chatId).bind("g", newGroupId).execute();
        return find(h, chatId).orElseThrow();
    }

    public Optional<GroupRow> find(Handle h, long chatId) {
        return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM e2e_groups WHERE chat_id = :c")
                .bind("c", chatId)
                .map((rs, ctx) -> group(rs))
                .findOne();
    }

    /**
     * Moves the group from {@code epoch} by {@code advance} (0 for a proposal or an application message: it only
     * locks the row and proves the epoch is still current). False if the group is no longer at that epoch.
     */
    public boolean advance(Handle h, long chatId, long epoch, int advance) {
        return h.createUpdate("UPDATE e2e_groups SET epoch = epoch + :a WHERE chat_id = :c AND epoch = :e")
                .bind("a", advance).bind("c", chatId).bind("e", epoch).execute() == 1;
    }

    public void setTimer(Handle h, long chatId, int seconds, long setBy) {
        h.createUpdate("UPDATE e2e_groups SET timer_seconds = :t, timer_set_by = :u WHERE chat_id = :c")
                .bind("t", seconds).bind("u", setBy).bind("c", chatId).execute();
    }

    /** Groups with a disappearing-message timer. */
    public List<GroupRow> withTimer(Handle h) {
        return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM e2e_groups WHERE timer_seconds > 0 "
                        + "ORDER BY chat_id")
                .map((rs, ctx) -> group(rs)).list();
    }

    public void insertHandshake(Handle h, HandshakeRow row) {
        h.createUpdate("INSERT INTO e2e_handshakes (chat_id, seq, epoch, content_type, sender_id, random_id, message, "
                        + "date) VALUES (:c, :s, :e, :t, :u, :r, :m, :d)")
                .bind("c", row.chatId()).bind("s", row.seq()).bind("e", row.epoch()).bind("t", row.contentType())
                .bind("u", row.senderId()).bind("r", row.randomId()).bind("m", row.message()).bind("d", row.date())
                .execute();
    }

    public Optional<HandshakeRow> handshakeByRandomId(Handle h, long chatId, long senderId, long randomId) {
        return h.createQuery("SELECT " + HANDSHAKE_COLUMNS + " FROM e2e_handshakes WHERE chat_id = :c "
                        + "AND sender_id = :u AND random_id = :r")
                .bind("c", chatId).bind("u", senderId).bind("r", randomId).map((rs, ctx) -> handshake(rs)).findOne();
    }

    public List<HandshakeRow> handshakes(Handle h, long chatId, Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT " + HANDSHAKE_COLUMNS + " FROM e2e_handshakes WHERE chat_id = :c "
                        + "AND seq IN (<seqs>)")
                .bind("c", chatId).bindList("seqs", List.copyOf(seqs)).map((rs, ctx) -> handshake(rs)).list();
    }

    public int deleteHandshakesBefore(Handle h, long cutoff) {
        return h.createUpdate("DELETE FROM e2e_handshakes WHERE date < :d").bind("d", cutoff).execute();
    }

    public void insertWelcome(Handle h, WelcomeRow welcome, List<DeviceStore.DeviceKey> recipients) {
        h.createUpdate("INSERT INTO e2e_welcomes (chat_id, welcome_id, epoch, message, date) "
                        + "VALUES (:c, :w, :e, :m, :d)")
                .bind("c", welcome.chatId()).bind("w", welcome.welcomeId()).bind("e", welcome.epoch())
                .bind("m", welcome.message()).bind("d", welcome.date()).execute();
        var batch = h.prepareBatch("INSERT INTO e2e_welcome_recipients (user_id, device_id, welcome_id, chat_id) "
                + "VALUES (:u, :d, :w, :c)");
        for (DeviceStore.DeviceKey device : recipients) {
            batch.bind("u", device.userId()).bind("d", device.deviceId()).bind("w", welcome.welcomeId())
                    .bind("c", welcome.chatId()).add();
        }
        batch.execute();
    }

    public Optional<WelcomeRow> welcome(Handle h, long chatId, long welcomeId) {
        return h.createQuery("SELECT welcome_id, chat_id, epoch, message, date FROM e2e_welcomes WHERE chat_id = :c "
                        + "AND welcome_id = :w")
                .bind("c", chatId).bind("w", welcomeId).map((rs, ctx) -> welcome(rs)).findOne();
    }

    /** Welcomes waiting for one device, oldest first. */
    public List<WelcomeRow> welcomesFor(Handle h, long userId, long deviceId) {
        return h.createQuery("SELECT w.welcome_id, w.chat_id, w.epoch, w.message, w.date FROM e2e_welcome_recipients r "
                        + "JOIN e2e_welcomes w ON w.chat_id = r.chat_id AND w.welcome_id = r.welcome_id "
                        + "WHERE r.user_id = :u AND r.device_id = :d ORDER BY w.welcome_id")
                .bind("u", userId).bind("d", deviceId).map((rs, ctx) -> welcome(rs)).list();
    }

    public int deleteWelcomesBefore(Handle h, long cutoff) {
        h.createUpdate("DELETE FROM e2e_welcome_recipients WHERE EXISTS (SELECT 1 FROM e2e_welcomes w "
                        + "WHERE w.chat_id = e2e_welcome_recipients.chat_id "
                        + "AND w.welcome_id = e2e_welcome_recipients.welcome_id AND w.date < :d)")
                .bind("d", cutoff).execute();
        return h.createUpdate("DELETE FROM e2e_welcomes WHERE date < :d").bind("d", cutoff).execute();
    }

    public void deleteChat(Handle h, long chatId) {
        for (String table : List.of("e2e_welcome_recipients", "e2e_welcomes", "e2e_handshakes", "e2e_groups")) {
            h.createUpdate("DELETE FROM " + table + " WHERE chat_id = :c").bind("c", chatId).execute();
        }
    }

    public void eraseRecipient(Handle h, long userId) {
        h.createUpdate("DELETE FROM e2e_welcome_recipients WHERE user_id = :u").bind("u", userId).execute();
    }

    private static final String GROUP_COLUMNS = "chat_id, group_id, epoch, timer_seconds, timer_set_by";

    private static GroupRow group(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new GroupRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getLong(5));
    }

    private static final String HANDSHAKE_COLUMNS = "chat_id, seq, epoch, content_type, sender_id, random_id, message, "
            + "date";

    private static HandshakeRow handshake(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new HandshakeRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getLong(8));
    }

    private static WelcomeRow welcome(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new WelcomeRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5));
    }
}
