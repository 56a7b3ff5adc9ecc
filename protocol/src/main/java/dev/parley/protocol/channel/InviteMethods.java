package dev.parley.protocol.channel;

import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import java.util.List;
import java.util.regex.Pattern;

/** Params and results of invite links and join requests (docs/protocol/channels.md, "Invite links"). */
public final class InviteMethods {
    private InviteMethods() {}

    public static final String CREATE_INVITE = "chats.createInvite";
    public static final String REVOKE_INVITE = "chats.revokeInvite";
    public static final String GET_INVITES = "chats.getInvites";
    public static final String JOIN_BY_INVITE = "channels.joinByInvite";
    public static final String GET_JOIN_REQUESTS = "chats.getJoinRequests";
    public static final String DECIDE_JOIN_REQUEST = "chats.decideJoinRequest";

    public static final int USAGE_LIMIT_MAX = 99_999;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    static String validToken(String token) {
        Fields.require(token, "token");
        if (!TOKEN.matcher(token).matches()) {
            throw ParleyException.badRequest("field 'token': not an invite token");
        }
        return token;
    }

    /** {@code expireDate}: Unix time (absent or 0 = never); {@code usageLimit}: joins allowed (absent or 0 = unlimited). */
    public record CreateInvite(Long chatId, Long expireDate, Integer usageLimit, Boolean requestNeeded) {
        public CreateInvite {
            Fields.positiveId(chatId, "chatId");
            if (expireDate != null && (expireDate < 0 || expireDate > Limits.MAX_SAFE_INTEGER)) {
                throw ParleyException.badRequest("field 'expireDate': must be a Unix time");
            }
            expireDate = expireDate == null ? 0L : expireDate;
            // 0 means unlimited as in Invite, so a normalised record sent again (by the Java SDK) stays valid.
            usageLimit = usageLimit == null || usageLimit == 0 ? 0
                    : Fields.range(usageLimit, "usageLimit", 1, USAGE_LIMIT_MAX, 0);
            requestNeeded = requestNeeded != null && requestNeeded;
            if (requestNeeded && usageLimit != 0) {
                throw ParleyException.badRequest("field 'usageLimit': not with requestNeeded (admins decide instead)");
            }
        }
    }

    public record InviteRef(Long chatId, String token) {
        public InviteRef {
            Fields.positiveId(chatId, "chatId");
            token = validToken(token);
        }
    }

    public record JoinByInvite(String token) {
        public JoinByInvite {
            token = validToken(token);
        }
    }

    /** {@code revoked}: also the revoked links (default: active and lapsed ones only). */
    public record GetInvites(Long chatId, Boolean revoked) {
        public GetInvites {
            Fields.positiveId(chatId, "chatId");
            revoked = revoked != null && revoked;
        }
    }

    public record GetJoinRequests(Long chatId) {
        public GetJoinRequests {
            Fields.positiveId(chatId, "chatId");
        }
    }

    public record DecideJoinRequest(Long chatId, Long userId, Boolean approve) {
        public DecideJoinRequest {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
            Fields.require(approve, "approve");
        }
    }

    public record Invite(String token, long chatId, long creatorId, long expireDate, int usageLimit, int usageCount,
            boolean requestNeeded, boolean revoked) {}

    public record Invites(List<Invite> invites) {
        public Invites {
            invites = List.copyOf(invites);
        }
    }

    /** Result of joinByInvite: {@code joined} with the chat, or {@code requested} while an admin decides. */
    public record InviteJoin(String status, dev.parley.protocol.chat.ChatMethods.Chat chat) {}

    public record JoinRequest(long userId, long date) {}

    public record JoinRequests(List<JoinRequest> requests) {}
}
