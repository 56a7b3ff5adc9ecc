package dev.parley.protocol.channel;

import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import java.util.List;

/**
 * Params and results of the rights and moderation methods of supergroups and channels (docs/protocol/channels.md,
 * "Rights and moderation"). Absent booleans mean false.
 */
public final class ModerationMethods {
    private ModerationMethods() {}

    public static final String SET_ADMIN = "chats.setAdmin";
    public static final String SET_DEFAULT_PERMISSIONS = "chats.setDefaultPermissions";
    public static final String BAN_MEMBER = "chats.banMember";
    public static final String UNBAN_MEMBER = "chats.unbanMember";
    public static final String RESTRICT_MEMBER = "chats.restrictMember";
    public static final String SET_SLOW_MODE = "chats.setSlowMode";
    public static final String GET_ADMIN_LOG = "chats.getAdminLog";

    /** Longest slow-mode interval (Telegram's maximum, one hour). */
    public static final int SLOW_MODE_MAX = 3600;
    public static final int ADMIN_LOG_PAGE_MAX = 100;

    /** Telegram's admin rights. All false demotes an admin to a plain member. */
    public record AdminRights(Boolean changeInfo, Boolean postMessages, Boolean editMessages, Boolean deleteMessages,
            Boolean banUsers, Boolean inviteUsers, Boolean pinMessages, Boolean manageTopics, Boolean addAdmins) {
        public AdminRights {
            changeInfo = changeInfo != null && changeInfo;
            postMessages = postMessages != null && postMessages;
            editMessages = editMessages != null && editMessages;
            deleteMessages = deleteMessages != null && deleteMessages;
            banUsers = banUsers != null && banUsers;
            inviteUsers = inviteUsers != null && inviteUsers;
            pinMessages = pinMessages != null && pinMessages;
            manageTopics = manageTopics != null && manageTopics;
            addAdmins = addAdmins != null && addAdmins;
        }
    }

    /** What a plain member may do (chat default, or what a restriction leaves them). */
    public record MemberPermissions(Boolean sendMessages, Boolean inviteUsers, Boolean pinMessages,
            Boolean changeInfo) {
        public MemberPermissions {
            sendMessages = sendMessages != null && sendMessages;
            inviteUsers = inviteUsers != null && inviteUsers;
            pinMessages = pinMessages != null && pinMessages;
            changeInfo = changeInfo != null && changeInfo;
        }
    }

    static Long validUntil(Long untilDate) {
        if (untilDate != null && (untilDate < 0 || untilDate > Limits.MAX_SAFE_INTEGER)) {
            throw ParleyException.badRequest("field 'untilDate': must be a Unix time (0 or absent = forever)");
        }
        return untilDate == null ? 0L : untilDate;
    }

    public record SetAdmin(Long chatId, Long userId, AdminRights rights) {
        public SetAdmin {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
            Fields.require(rights, "rights");
        }
    }

    public record SetDefaultPermissions(Long chatId, MemberPermissions permissions) {
        public SetDefaultPermissions {
            Fields.positiveId(chatId, "chatId");
            Fields.require(permissions, "permissions");
        }
    }

    /** {@code untilDate}: Unix time the ban ends; absent or 0 = forever. */
    public record BanMember(Long chatId, Long userId, Long untilDate) {
        public BanMember {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
            untilDate = validUntil(untilDate);
        }
    }

    public record UnbanMember(Long chatId, Long userId) {
        public UnbanMember {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
        }
    }

    /** {@code permissions}: what the member keeps; {@code untilDate}: when the restriction ends (absent = forever). */
    public record RestrictMember(Long chatId, Long userId, MemberPermissions permissions, Long untilDate) {
        public RestrictMember {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
            Fields.require(permissions, "permissions");
            untilDate = validUntil(untilDate);
        }
    }

    public record SetSlowMode(Long chatId, Integer seconds) {
        public SetSlowMode {
            Fields.positiveId(chatId, "chatId");
            Fields.require(seconds, "seconds");
            seconds = Fields.range(seconds, "seconds", 0, SLOW_MODE_MAX, 0);
        }
    }

    public record GetAdminLog(Long chatId, Integer limit) {
        public GetAdminLog {
            Fields.positiveId(chatId, "chatId");
            limit = Fields.range(limit, "limit", 1, ADMIN_LOG_PAGE_MAX, 50);
        }
    }

    /** One moderation action: who did what to whom ({@code userId} when it concerns a member), with details. */
    public record AdminLogEntry(long entryId, long date, long actorId, String action, Long userId, String details) {}

    public record AdminLog(List<AdminLogEntry> entries) {}
}
