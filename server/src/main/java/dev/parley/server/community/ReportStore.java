package dev.parley.server.community;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.channel.ReportMethods.ChatReport;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Reports and server operators (schema in V44__reports.sql):
 * <ul>
 *   <li>{@code chat_reports (report_id PK)}: chat, reporter, message ids (JSON), reason, comment, status (open,
 *   resolved, dismissed) and who decided when. Index (chat_id, status, report_id) serves the chat's queue,
 *   (status, report_id) the operators'. Deleted with the chat.</li>
 *   <li>{@code server_operators (user_id PK)}: who works the global queue; granted on the server host only
 *   ({@code parley operator}). Removed with the account.</li>
 * </ul>
 */
public final class ReportStore {
    private static final TypeReference<List<Long>> IDS = new TypeReference<>() {};
    private static final String SELECT = "SELECT report_id, chat_id, reporter_id, message_ids, reason, comment, date, "
            + "status, decided_by, decided_at FROM chat_reports";

    private final JsonCodec codec;

    public ReportStore(JsonCodec codec) {
        this.codec = codec;
    }

    public void insert(Handle h, long reportId, long chatId, long reporterId, List<Long> ids, String reason,
            String comment, long now) {
        h.createUpdate("INSERT INTO chat_reports (report_id, chat_id, reporter_id, message_ids, reason, comment, date) "
                        + "VALUES (:id, :c, :u, :ids, :reason, :comment, :now)")
                .bind("id", reportId).bind("c", chatId).bind("u", reporterId).bind("ids", codec.write(ids))
                .bind("reason", reason).bind("comment", comment).bind("now", now).execute();
    }

    /** Newest first; {@code chatId} null: every chat (the operators' queue). */
    public List<ChatReport> list(Handle h, Long chatId, String status, int limit) {
        String chat = chatId == null ? "" : "chat_id = :c AND ";
        var query = h.createQuery(SELECT + " WHERE " + chat + "status = :s ORDER BY report_id DESC LIMIT :limit")
                .bind("s", status).bind("limit", limit);
        if (chatId != null) {
            query.bind("c", chatId);
        }
        return query.map((rs, ctx) -> report(rs)).list();
    }

    public Optional<ChatReport> find(Handle h, long reportId) {
        return h.createQuery(SELECT + " WHERE report_id = :id").bind("id", reportId).map((rs, ctx) -> report(rs))
                .findOne();
    }

    /** Closes an open report; false if it is not open (or not in {@code chatId} when that is given). */
    public boolean decide(Handle h, Long chatId, long reportId, String decision, long by, long now) {
        String chat = chatId == null ? "" : " AND chat_id = :c";
        var update = h.createUpdate("UPDATE chat_reports SET status = :s, decided_by = :by, decided_at = :now "
                        + "WHERE report_id = :id AND status = 'open'" + chat)
                .bind("s", decision).bind("by", by).bind("now", now).bind("id", reportId);
        if (chatId != null) {
            update.bind("c", chatId);
        }
        return update.execute() == 1;
    }

    public boolean isOperator(Handle h, long userId) {
        return h.createQuery("SELECT COUNT(*) FROM server_operators WHERE user_id = :u").bind("u", userId)
                .mapTo(Integer.class).one() > 0;
    }

    public boolean grantOperator(Handle h, long userId, long now) {
        return h.createUpdate("INSERT INTO server_operators (user_id, granted_at) VALUES (:u, :now) "
                        + "ON CONFLICT (user_id) DO NOTHING")
                .bind("u", userId).bind("now", now).execute() == 1;
    }

    public boolean revokeOperator(Handle h, long userId) {
        return h.createUpdate("DELETE FROM server_operators WHERE user_id = :u").bind("u", userId).execute() == 1;
    }

    public List<Long> operators(Handle h) {
        return h.createQuery("SELECT user_id FROM server_operators ORDER BY user_id").mapTo(Long.class).list();
    }

    private ChatReport report(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<Long> ids;
        try {
            ids = codec.mapper().readValue(rs.getString(4), IDS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored report ids are not valid JSON", e);
        }
        return new ChatReport(rs.getLong(1), rs.getLong(2), rs.getLong(3), ids, rs.getString(5), rs.getString(6),
                rs.getLong(7), rs.getString(8), rs.getLong(9), rs.getLong(10));
    }
}
