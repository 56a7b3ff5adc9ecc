package dev.parley.server.community;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ReportMethods.Reported;
import dev.parley.protocol.channel.ReportMethods.Reports;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Rights;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Reports of messages. A member reports messages they can see; the report lands in two queues: the chat's, worked by
 * its admins (owner and admins in groups; in supergroups and channels admins with {@code deleteMessages} or
 * {@code banUsers}), and the server's, worked by operators (users listed in {@code server_operators}, granted on the
 * server host with {@code parley operator add}). Private chats have no admins: their reports reach operators only.
 * A report is decided once (resolved or dismissed), by whichever side gets to it first.
 */
public final class ReportService {
    private final Database database;
    private final ReportStore store;
    private final ChatService chats;
    private final ModerationService moderation;
    private final MessageVisibility messages;
    private final IdGenerator ids;
    private final Clock clock;

    /** Whether the member sees every one of the messages (the message feature answers). */
    @FunctionalInterface
    public interface MessageVisibility {
        boolean allVisible(Handle h, MemberRow member, List<Long> messageIds);
    }

    public ReportService(Database database, ReportStore store, ChatService chats, ModerationService moderation,
            MessageVisibility messages, IdGenerator ids, Clock clock) {
        this.database = database;
        this.store = store;
        this.chats = chats;
        this.moderation = moderation;
        this.messages = messages;
        this.ids = ids;
        this.clock = clock;
    }

    public Reported report(long userId, long chatId, List<Long> messageIds, String reason, String comment) {
        long now = now();
        long reportId = ids.next();
        return database.write(h -> {
            MemberRow member = chats.requireMember(h, chatId, userId);
            if (!messages.allVisible(h, member, messageIds)) {
                throw new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "a reported message was not found");
            }
            store.insert(h, reportId, chatId, userId, messageIds, reason, comment, now);
            return new Reported(reportId);
        });
    }

    public Reports chatReports(long actorId, long chatId, String status, int limit) {
        return database.read(h -> {
            requireChatModerator(h, chatId, actorId);
            return new Reports(store.list(h, chatId, status, limit));
        });
    }

    public void resolveInChat(long actorId, long chatId, long reportId, String decision) {
        long now = now();
        database.write(h -> {
            ChatRow chat = requireChatModerator(h, chatId, actorId);
            if (!store.decide(h, chatId, reportId, decision, actorId, now)) {
                throw new ParleyException(ErrorCode.REPORT_NOT_FOUND, "no open report " + reportId + " in this chat");
            }
            if (chat.isLarge()) {
                moderation.log(h, chatId, actorId, "decideReport", null,
                        Map.of("reportId", reportId, "decision", decision), now);
            }
            return null;
        });
    }

    public Reports operatorReports(long actorId, String status, int limit) {
        return database.read(h -> {
            requireOperator(h, actorId);
            return new Reports(store.list(h, null, status, limit));
        });
    }

    public void resolveAsOperator(long actorId, long reportId, String decision) {
        long now = now();
        database.write(h -> {
            requireOperator(h, actorId);
            if (!store.decide(h, null, reportId, decision, actorId, now)) {
                throw new ParleyException(ErrorCode.REPORT_NOT_FOUND, "no open report " + reportId);
            }
            return null;
        });
    }

    /** Makes the user a server operator (the host's {@code parley operator add}); false if they already were. */
    public boolean grantOperator(long userId) {
        long now = now();
        return database.write(h -> store.grantOperator(h, userId, now));
    }

    public boolean revokeOperator(long userId) {
        return database.write(h -> store.revokeOperator(h, userId));
    }

    private ChatRow requireChatModerator(Handle h, long chatId, long userId) {
        MemberRow member = chats.requireMember(h, chatId, userId);
        ChatRow chat = chats.requireChat(h, chatId);
        if (chat.isPrivate()) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "private chats have no report queue");
        }
        boolean allowed = chat.isLarge()
                ? Rights.has(moderation.adminRights(h, member), Rights.DELETE_MESSAGES)
                        || Rights.has(moderation.adminRights(h, member), Rights.BAN_USERS)
                : member.role().canManage();
        if (!allowed) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "the report queue is for the chat's moderators");
        }
        return chat;
    }

    private void requireOperator(Handle h, long userId) {
        if (!store.isOperator(h, userId)) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "the global report queue is for server operators");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
