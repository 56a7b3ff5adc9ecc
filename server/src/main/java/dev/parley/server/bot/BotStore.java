package dev.parley.server.bot;

import dev.parley.server.db.Database;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for bots (migration {@code V10__bots.sql}).
 *
 * <h2>{@code bots}: one row per bot account</h2>
 * {@code bot_id} (primary key) is the bot's {@code users.user_id}, so bots shard with user data. {@code owner_id} is
 * the user who created it (index {@code (owner_id, bot_id)} for {@code bots.list}). {@code token_hash} is the hex
 * SHA-256 of the secret part of the token ({@link BotTokens}); the token itself is never stored. {@code privacy_mode}
 * 1/0. {@code synced_pts} is how far the bot's Parley update log has been turned into Telegram updates;
 * {@code last_update_id} the last update_id handed out. {@code allowed_updates} a JSON array or null (Telegram's
 * default set). {@code webhook_*}: the webhook URL and secret (null without a webhook) and the last delivery error.
 * Created by {@code bots.create} with the bot's user row in one transaction; deleted with the account.
 *
 * <h2>{@code bot_updates}: the bot's pending Telegram updates</h2>
 * Primary key ({@code bot_id}, {@code update_id}); {@code payload} is the Update JSON exactly as served. Deleted when
 * the bot confirms them ({@code getUpdates} offset, or a 2xx webhook reply) and after 24 hours, as Telegram does.
 *
 * <h2>{@code bot_chat_cursors}: how far the bot has read each supergroup and channel (migrations {@code V11},
 * {@code V60})</h2>
 * ({@code bot_id}, {@code chat_id}) → {@code seq}, {@code status}. Supergroups and channels fan out on read, so their
 * events never reach the bot's log; the cursor plays {@code synced_pts}'s role per chat. Created at the chat's present
 * seq when the bot is first seen there, moved with the updates it produced in one transaction (with the bot's status
 * when a role change about it was read), deleted with the updates announcing the loss when the bot is no longer in
 * the chat, and with the bot.
 *
 * <h2>{@code bot_commands}</h2>
 * ({@code bot_id}, {@code position}) → command and description, replaced as a whole by {@code setMyCommands}.
 *
 * <h2>{@code bot_reply_markup}: keyboards attached to bot messages</h2>
 * ({@code chat_id}, {@code message_id}) → the bot and its reply_markup JSON, so clients can show keyboards and
 * {@code messages.pressButton} can check the pressed data. Chat data: the key leads with {@code chat_id}.
 */
public final class BotStore {
    private final Database database;

    public BotStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public record BotRow(long botId, long ownerId, String tokenHash, boolean privacyMode, long syncedPts,
            String allowedUpdates, String webhookUrl, String webhookSecret, Long lastErrorDate, String lastErrorText,
            long createdAt) {}

    public record StoredUpdate(long updateId, String kind, String payload) {}

    private static final String BOT_COLUMNS = "bot_id, owner_id, token_hash, privacy_mode, synced_pts, "
            + "allowed_updates, webhook_url, webhook_secret, webhook_last_error_date, webhook_last_error_text, "
            + "created_at";

    /** Inserts the bot row; runs inside the transaction that creates the bot's account. */
    public void insert(Handle h, long botId, long ownerId, String tokenHash, long now) {
        h.createUpdate("INSERT INTO bots (bot_id, owner_id, token_hash, privacy_mode, synced_pts, last_update_id, "
                        + "created_at) VALUES (:bot, :owner, :hash, 1, 0, 0, :now)")
                .bind("bot", botId).bind("owner", ownerId).bind("hash", tokenHash).bind("now", now).execute();
    }

    public Optional<BotRow> find(long botId) {
        return database.read(h -> find(h, botId));
    }

    Optional<BotRow> find(Handle h, long botId) {
        return h.createQuery("SELECT " + BOT_COLUMNS + " FROM bots WHERE bot_id = :bot")
                .bind("bot", botId).map((rs, ctx) -> new BotRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getInt(4) != 0, rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        nullableLong(rs, 9), rs.getString(10), rs.getLong(11)))
                .findOne();
    }

    public List<BotRow> ownedBy(long ownerId) {
        return database.read(h -> h.createQuery("SELECT " + BOT_COLUMNS + " FROM bots WHERE owner_id = :owner "
                        + "ORDER BY bot_id")
                .bind("owner", ownerId).map((rs, ctx) -> new BotRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getInt(4) != 0, rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        nullableLong(rs, 9), rs.getString(10), rs.getLong(11)))
                .list());
    }

    /** The ids of the bots {@code ownerId} owns, inside the caller's transaction (account erasure). */
    List<Long> ownedBy(Handle h, long ownerId) {
        return h.createQuery("SELECT bot_id FROM bots WHERE owner_id = :owner ORDER BY bot_id")
                .bind("owner", ownerId).mapTo(Long.class).list();
    }

    /**
     * Removes every row of the bot: queue, commands, the bot row, and its keyboards in {@code chatIds} (the chats it
     * was in: keyboards are chat data, found by the chat key). Its account row is the caller's.
     */
    void delete(Handle h, long botId, List<Long> chatIds) {
        for (String table : List.of("bot_updates", "bot_commands", "bot_chat_cursors", "bots")) {
            h.createUpdate("DELETE FROM " + table + " WHERE bot_id = :bot").bind("bot", botId).execute();
        }
        if (!chatIds.isEmpty()) {
            h.createUpdate("DELETE FROM bot_reply_markup WHERE chat_id IN (<chats>) AND bot_id = :bot")
                    .bindList("chats", chatIds).bind("bot", botId).execute();
        }
    }

    /** Removes the keyboards of messages in these chats (chats being deleted). */
    void deleteMarkups(Handle h, List<Long> chatIds) {
        if (!chatIds.isEmpty()) {
            h.createUpdate("DELETE FROM bot_reply_markup WHERE chat_id IN (<chats>)").bindList("chats", chatIds)
                    .execute();
        }
    }

    public List<Long> allBotIds() {
        return database.read(h -> h.createQuery("SELECT bot_id FROM bots").mapTo(Long.class).list());
    }

    /** Replaces the token of a bot the owner owns; false if there is no such bot of theirs. */
    public boolean replaceToken(long ownerId, long botId, String tokenHash) {
        return database.write(h -> h.createUpdate("UPDATE bots SET token_hash = :hash WHERE bot_id = :bot "
                        + "AND owner_id = :owner")
                .bind("hash", tokenHash).bind("bot", botId).bind("owner", ownerId).execute()) > 0;
    }

    public boolean setPrivacy(long ownerId, long botId, boolean enabled) {
        return database.write(h -> h.createUpdate("UPDATE bots SET privacy_mode = :p WHERE bot_id = :bot "
                        + "AND owner_id = :owner")
                .bind("p", enabled ? 1 : 0).bind("bot", botId).bind("owner", ownerId).execute()) > 0;
    }

    public void setAllowedUpdates(long botId, String json) {
        database.write(h -> h.createUpdate("UPDATE bots SET allowed_updates = :a WHERE bot_id = :bot")
                .bind("a", json).bind("bot", botId).execute());
    }

    /** Sets (url non-null) or clears the webhook; clearing also forgets the last delivery error. */
    public void setWebhook(long botId, String url, String secret, String allowedUpdates, boolean dropPending) {
        database.write(h -> {
            h.createUpdate("UPDATE bots SET webhook_url = :url, webhook_secret = :secret, "
                            + "webhook_last_error_date = NULL, webhook_last_error_text = NULL"
                            + (allowedUpdates != null ? ", allowed_updates = :allowed" : "")
                            + " WHERE bot_id = :bot")
                    .bind("url", url).bind("secret", secret).bind("allowed", allowedUpdates).bind("bot", botId)
                    .execute();
            if (dropPending) {
                h.createUpdate("DELETE FROM bot_updates WHERE bot_id = :bot").bind("bot", botId).execute();
            }
            return null;
        });
    }

    public void recordWebhookError(long botId, long date, String text) {
        database.write(h -> h.createUpdate("UPDATE bots SET webhook_last_error_date = :d, "
                        + "webhook_last_error_text = :t WHERE bot_id = :bot AND webhook_url IS NOT NULL")
                .bind("d", date).bind("t", text).bind("bot", botId).execute());
    }

    /**
     * Appends Telegram updates produced from the bot's Parley log up to {@code syncedPts}, numbering them after
     * {@code last_update_id}, and moves the cursor, all in one transaction: a restart neither loses nor repeats one.
     * Skips the whole batch if another run already synced past {@code fromPts}.
     */
    public boolean append(long botId, long fromPts, long syncedPts, List<NewUpdate> updates, long now) {
        return database.write(h -> {
            int moved = h.createUpdate("UPDATE bots SET synced_pts = :to, last_update_id = last_update_id + :n "
                            + "WHERE bot_id = :bot AND synced_pts = :from")
                    .bind("to", syncedPts).bind("n", updates.size()).bind("bot", botId).bind("from", fromPts)
                    .execute();
            if (moved == 0) {
                return false;
            }
            insertUpdates(h, botId, updates, now);
            return true;
        });
    }

    /** The bot's read position in each supergroup it has been seen in ({@code bot_chat_cursors}). */
    public java.util.Map<Long, Long> chatCursors(long botId) {
        return database.read(h -> h.createQuery("SELECT chat_id, seq FROM bot_chat_cursors WHERE bot_id = :bot")
                .bind("bot", botId).map((rs, ctx) -> java.util.Map.entry(rs.getLong(1), rs.getLong(2))).list())
                .stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                        java.util.Map.Entry::getValue));
    }

    /**
     * Starts reading a supergroup or channel at {@code seq} (its present end) and stores the updates that announce it,
     * in one transaction. True if updates were stored; nothing is stored if a cursor already exists.
     */
    public boolean startChat(long botId, long chatId, long seq, String status, List<NewUpdate> updates, long now) {
        return database.write(h -> {
            int started = h.createUpdate("INSERT INTO bot_chat_cursors (bot_id, chat_id, seq, status) "
                            + "SELECT :bot, :chat, :seq, :status WHERE NOT EXISTS (SELECT 1 FROM bot_chat_cursors "
                            + "WHERE bot_id = :bot AND chat_id = :chat)")
                    .bind("bot", botId).bind("chat", chatId).bind("seq", seq).bind("status", status).execute();
            if (started == 0 || updates.isEmpty()) {
                return false;
            }
            h.createUpdate("UPDATE bots SET last_update_id = last_update_id + :n WHERE bot_id = :bot")
                    .bind("n", updates.size()).bind("bot", botId).execute();
            insertUpdates(h, botId, updates, now);
            return true;
        });
    }

    /**
     * Like {@link #append} for one supergroup: stores the updates its events produced and moves the chat cursor from
     * {@code fromSeq} to {@code toSeq} in one transaction; skipped if another run already moved it.
     */
    public boolean appendChat(long botId, long chatId, long fromSeq, long toSeq, String status,
            List<NewUpdate> updates, long now) {
        return database.write(h -> {
            int moved = h.createUpdate("UPDATE bot_chat_cursors SET seq = :to WHERE bot_id = :bot AND chat_id = :chat "
                            + "AND seq = :from")
                    .bind("to", toSeq).bind("bot", botId).bind("chat", chatId).bind("from", fromSeq).execute();
            if (moved == 0) {
                return false;
            }
            if (status != null) {
                h.createUpdate("UPDATE bot_chat_cursors SET status = :status WHERE bot_id = :bot AND chat_id = :chat")
                        .bind("status", status).bind("bot", botId).bind("chat", chatId).execute();
            }
            h.createUpdate("UPDATE bots SET last_update_id = last_update_id + :n WHERE bot_id = :bot")
                    .bind("n", updates.size()).bind("bot", botId).execute();
            insertUpdates(h, botId, updates, now);
            return true;
        });
    }

    /** The bot's last known status in the chat (Telegram's creator / administrator / member), if it reads it. */
    public java.util.Optional<String> chatStatus(long botId, long chatId) {
        return database.read(h -> h.createQuery("SELECT status FROM bot_chat_cursors WHERE bot_id = :bot "
                        + "AND chat_id = :chat")
                .bind("bot", botId).bind("chat", chatId).mapTo(String.class).findOne());
    }

    /**
     * Forgets the cursor of a chat the bot is no longer in (a later return starts afresh, without a replay) and
     * stores the updates announcing it, in one transaction; nothing is stored if another run already forgot it.
     */
    public boolean loseChat(long botId, long chatId, List<NewUpdate> updates, long now) {
        return database.write(h -> {
            int lost = h.createUpdate("DELETE FROM bot_chat_cursors WHERE bot_id = :bot AND chat_id = :chat")
                    .bind("bot", botId).bind("chat", chatId).execute();
            if (lost == 0 || updates.isEmpty()) {
                return false;
            }
            h.createUpdate("UPDATE bots SET last_update_id = last_update_id + :n WHERE bot_id = :bot")
                    .bind("n", updates.size()).bind("bot", botId).execute();
            insertUpdates(h, botId, updates, now);
            return true;
        });
    }

    /** Appends updates that do not come from the Parley log (callback queries). */
    public List<Long> appendDirect(long botId, List<NewUpdate> updates, long now) {
        return database.write(h -> {
            h.createUpdate("UPDATE bots SET last_update_id = last_update_id + :n WHERE bot_id = :bot")
                    .bind("n", updates.size()).bind("bot", botId).execute();
            return insertUpdates(h, botId, updates, now);
        });
    }

    /** One update to store; its payload is rendered once its id is known. */
    public record NewUpdate(String kind, java.util.function.LongFunction<String> payload) {}

    private static List<Long> insertUpdates(Handle h, long botId, List<NewUpdate> updates, long now) {
        if (updates.isEmpty()) {
            return List.of();
        }
        long last = h.createQuery("SELECT last_update_id FROM bots WHERE bot_id = :bot").bind("bot", botId)
                .mapTo(Long.class).one();
        long id = last - updates.size();
        List<Long> ids = new java.util.ArrayList<>();
        var batch = h.prepareBatch("INSERT INTO bot_updates (bot_id, update_id, kind, payload, created_at) "
                + "VALUES (:bot, :id, :kind, :payload, :now)");
        for (NewUpdate update : updates) {
            id++;
            ids.add(id);
            batch.bind("bot", botId).bind("id", id).bind("kind", update.kind())
                    .bind("payload", update.payload().apply(id)).bind("now", now).add();
        }
        batch.execute();
        return ids;
    }

    /** Pending updates from {@code fromId} on whose kind is allowed, oldest first. */
    public List<StoredUpdate> pending(long botId, long fromId, List<String> kinds, int limit) {
        return database.read(h -> h.createQuery("SELECT update_id, kind, payload FROM bot_updates "
                        + "WHERE bot_id = :bot AND update_id >= :from AND kind IN (<kinds>) "
                        + "ORDER BY update_id LIMIT :limit")
                .bind("bot", botId).bind("from", fromId).bindList("kinds", kinds).bind("limit", limit)
                .map((rs, ctx) -> new StoredUpdate(rs.getLong(1), rs.getString(2), rs.getString(3))).list());
    }

    public long lastUpdateId(long botId) {
        return database.read(h -> h.createQuery("SELECT last_update_id FROM bots WHERE bot_id = :bot")
                .bind("bot", botId).mapTo(Long.class).findOne().orElse(0L));
    }

    public int countPending(long botId) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM bot_updates WHERE bot_id = :bot")
                .bind("bot", botId).mapTo(Integer.class).one());
    }

    /** Takes one update off the queue; false if another consumer took it first (in-process bots on several nodes). */
    public boolean claim(long botId, long updateId) {
        return database.write(h -> h.createUpdate("DELETE FROM bot_updates WHERE bot_id = :bot AND update_id = :id")
                .bind("bot", botId).bind("id", updateId).execute()) > 0;
    }

    /** Confirms (deletes) every update below {@code updateId}. */
    public void confirmBelow(long botId, long updateId) {
        database.write(h -> h.createUpdate("DELETE FROM bot_updates WHERE bot_id = :bot AND update_id < :id")
                .bind("bot", botId).bind("id", updateId).execute());
    }

    /** Drops updates older than {@code cutoff} for every bot (Telegram keeps them 24 hours). */
    public int trim(long cutoff) {
        return database.write(h -> h.createUpdate("DELETE FROM bot_updates WHERE created_at < :cutoff")
                .bind("cutoff", cutoff).execute());
    }

    public void replaceCommands(long botId, List<dev.parley.protocol.bot.BotMethods.Command> commands) {
        database.write(h -> {
            h.createUpdate("DELETE FROM bot_commands WHERE bot_id = :bot").bind("bot", botId).execute();
            var batch = h.prepareBatch("INSERT INTO bot_commands (bot_id, position, command, description) "
                    + "VALUES (:bot, :pos, :command, :description)");
            for (int i = 0; i < commands.size(); i++) {
                batch.bind("bot", botId).bind("pos", i).bind("command", commands.get(i).command())
                        .bind("description", commands.get(i).description()).add();
            }
            if (!commands.isEmpty()) {
                batch.execute();
            }
            return null;
        });
    }

    public List<dev.parley.protocol.bot.BotMethods.Command> commands(long botId) {
        return database.read(h -> h.createQuery("SELECT command, description FROM bot_commands WHERE bot_id = :bot "
                        + "ORDER BY position")
                .bind("bot", botId)
                .map((rs, ctx) -> new dev.parley.protocol.bot.BotMethods.Command(rs.getString(1), rs.getString(2)))
                .list());
    }

    public void putMarkup(long chatId, long messageId, long botId, String markup) {
        database.write(h -> {
            h.createUpdate("DELETE FROM bot_reply_markup WHERE chat_id = :chat AND message_id = :msg")
                    .bind("chat", chatId).bind("msg", messageId).execute();
            if (markup != null) {
                h.createUpdate("INSERT INTO bot_reply_markup (chat_id, message_id, bot_id, markup) "
                                + "VALUES (:chat, :msg, :bot, :markup)")
                        .bind("chat", chatId).bind("msg", messageId).bind("bot", botId).bind("markup", markup)
                        .execute();
            }
            return null;
        });
    }

    public record MarkupRow(long messageId, long botId, String markup) {}

    public List<MarkupRow> markups(long chatId, List<Long> messageIds) {
        return database.read(h -> h.createQuery("SELECT message_id, bot_id, markup FROM bot_reply_markup "
                        + "WHERE chat_id = :chat AND message_id IN (<ids>) ORDER BY message_id")
                .bind("chat", chatId).bindList("ids", messageIds)
                .map((rs, ctx) -> new MarkupRow(rs.getLong(1), rs.getLong(2), rs.getString(3))).list());
    }

    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
