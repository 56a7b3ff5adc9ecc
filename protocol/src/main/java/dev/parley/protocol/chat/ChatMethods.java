package dev.parley.protocol.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import java.util.LinkedHashSet;
import java.util.List;

/** Params and results of the {@code chats.*} methods (docs/protocol/messaging.md, "Chats"). */
public final class ChatMethods {
    private ChatMethods() {}

    public static final String CREATE_PRIVATE = "chats.createPrivate";
    public static final String CREATE_GROUP = "chats.createGroup";
    public static final String ADD_MEMBER = "chats.addMember";
    public static final String REMOVE_MEMBER = "chats.removeMember";
    public static final String LEAVE = "chats.leave";
    public static final String EDIT_TITLE = "chats.editTitle";
    public static final String SET_ROLE = "chats.setRole";
    public static final String GET = "chats.get";
    public static final String GET_MEMBERS = "chats.getMembers";

    public static final int TITLE_MAX = 128;
    /** Most members one createGroup call may name; the group size limit itself is server configuration. */
    public static final int CREATE_GROUP_MAX_MEMBERS = 199;
    public static final int MEMBERS_PAGE_MAX = 200;

    public static final String KIND_PRIVATE = "private";
    public static final String KIND_GROUP = "group";
    public static final String ROLE_OWNER = "owner";
    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_MEMBER = "member";

    static String validTitle(String value) {
        Fields.require(value, "title");
        String trimmed = value.strip();
        return Fields.text(trimmed, "title", 1, TITLE_MAX, false, ErrorCode.CHAT_TITLE_INVALID);
    }

    /**
     * {@code e2e: true} asks for an end-to-end encrypted chat. A pair has one private chat; whether it is encrypted is
     * fixed when it is created, so an existing chat is returned as it is (its {@code e2e} says which it is).
     */
    public record CreatePrivate(Long userId, Boolean e2e) {
        public CreatePrivate {
            Fields.positiveId(userId, "userId");
        }

        public CreatePrivate(Long userId) {
            this(userId, null);
        }

        public boolean encrypted() {
            return Boolean.TRUE.equals(e2e);
        }
    }

    /**
     * {@code e2e: true} creates an end-to-end encrypted group with the creator alone: members join through MLS
     * commits sent with {@code e2e.sendHandshake} (docs/protocol/e2e.md), so {@code memberIds} must then be empty.
     */
    public record CreateGroup(String title, List<Long> memberIds, Boolean e2e) {
        public CreateGroup(String title, List<Long> memberIds) {
            this(title, memberIds, null);
        }

        public boolean encrypted() {
            return Boolean.TRUE.equals(e2e);
        }

        public CreateGroup {
            title = validTitle(title);
            memberIds = memberIds == null ? List.of() : memberIds;
            if (Boolean.TRUE.equals(e2e) && !memberIds.isEmpty()) {
                throw new ParleyException(ErrorCode.E2E_HANDSHAKE_REQUIRED,
                        "field 'memberIds': an end-to-end encrypted group starts with its creator; add members with "
                                + "e2e.sendHandshake");
            }
            if (memberIds.size() > CREATE_GROUP_MAX_MEMBERS) {
                throw new ParleyException(ErrorCode.MEMBER_LIMIT_REACHED,
                        "field 'memberIds': at most " + CREATE_GROUP_MAX_MEMBERS + " members");
            }
            LinkedHashSet<Long> distinct = new LinkedHashSet<>();
            for (Long id : memberIds) {
                distinct.add(Fields.positiveId(id, "memberIds[]"));
            }
            memberIds = List.copyOf(distinct);
        }
    }

    public record ChatMember(Long chatId, Long userId) {
        public ChatMember {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
        }
    }

    public record ChatRef(Long chatId) {
        public ChatRef {
            Fields.positiveId(chatId, "chatId");
        }
    }

    public record EditTitle(Long chatId, String title) {
        public EditTitle {
            Fields.positiveId(chatId, "chatId");
            title = validTitle(title);
        }
    }

    /** The owner makes a member an admin or an admin a member again; ownership itself is not transferable here. */
    public record SetRole(Long chatId, Long userId, String role) {
        public SetRole {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
            Fields.require(role, "role");
            if (!ROLE_ADMIN.equals(role) && !ROLE_MEMBER.equals(role)) {
                throw ParleyException.badRequest("field 'role': must be \"admin\" or \"member\"");
            }
        }
    }

    public record GetMembers(Long chatId, Integer offset, Integer limit) {
        public GetMembers {
            Fields.positiveId(chatId, "chatId");
            offset = Fields.range(offset, "offset", 0, Integer.MAX_VALUE, 0);
            limit = Fields.range(limit, "limit", 1, MEMBERS_PAGE_MAX, 100);
        }
    }

    /**
     * A chat as the caller sees it. {@code title} is absent for private chats, {@code peerId} (the other person) only
     * present for them; {@code seq} is the chat's last event number; {@code e2e} marks an end-to-end encrypted chat
     * (docs/protocol/e2e.md). Supergroups and channels (docs/protocol/channels.md) add {@code username} (if public),
     * {@code about}, {@code signMessages} and, for a member, {@code myRights}.
     */
    public record Chat(long chatId, String kind, String title, Long peerId, int memberCount, String myRole, long seq,
            long createdAt, boolean e2e, String username, String about, Boolean signMessages, MyRights myRights) {
        /** A chat without the large-chat fields (username, about, signMessages, myRights). */
        public Chat(long chatId, String kind, String title, Long peerId, int memberCount, String myRole, long seq,
                long createdAt, boolean e2e) {
            this(chatId, kind, title, peerId, memberCount, myRole, seq, createdAt, e2e, null, null, null, null);
        }
    }

    /**
     * The caller's own standing in a supergroup or channel, so a client shows exactly the controls that will work:
     * {@code adminRights} for the owner (all) and admins, else absent; {@code permissions} for a plain member (the
     * chat's default narrowed by an active restriction), else absent; {@code restrictedUntil} while a restriction
     * applies (0 = forever); {@code slowModeSeconds} the chat's slow mode (0 = off; admins are exempt).
     */
    public record MyRights(AdminRights adminRights, MemberPermissions permissions, Long restrictedUntil,
            int slowModeSeconds) {}

    public record ChatResult(Chat chat) {}

    /** Result of createGroup: the chat and the caller's pts after the creation event. */
    public record ChatCreated(Chat chat, long pts) {}

    public record Member(long userId, String username, String displayName, String role, long joinedAt) {}

    public record Members(List<Member> members, int count) {}
}
