package dev.parley.server.chat;

import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;

/**
 * Rights of supergroup and channel members as bit masks (stored in {@code chat_members.admin_rights},
 * {@code restricted_permissions} and {@code chats.default_permissions}). Owners hold every admin right, admins the
 * ones granted, plain members none; plain members act within the chat's default permissions, narrowed by a
 * restriction while it lasts. Admins and owners are never limited by member permissions.
 */
public final class Rights {
    private Rights() {}

    public static final int CHANGE_INFO = 1;
    public static final int POST_MESSAGES = 1 << 1;
    public static final int EDIT_MESSAGES = 1 << 2;
    public static final int DELETE_MESSAGES = 1 << 3;
    public static final int BAN_USERS = 1 << 4;
    public static final int INVITE_USERS = 1 << 5;
    public static final int PIN_MESSAGES = 1 << 6;
    public static final int MANAGE_TOPICS = 1 << 7;
    public static final int ADD_ADMINS = 1 << 8;
    public static final int ALL_ADMIN = (1 << 9) - 1;
    /** What admins of a group converted to a supergroup get: everything but appointing admins. */
    public static final int CONVERTED_ADMIN = ALL_ADMIN & ~ADD_ADMINS;

    public static final int SEND_MESSAGES = 1;
    public static final int MEMBER_INVITE_USERS = 1 << 1;
    public static final int MEMBER_PIN_MESSAGES = 1 << 2;
    public static final int MEMBER_CHANGE_INFO = 1 << 3;
    public static final int ALL_MEMBER = (1 << 4) - 1;

    /** The admin rights a member holds by role. */
    public static int adminRights(Role role, int stored) {
        return switch (role) {
            case OWNER -> ALL_ADMIN;
            case ADMIN -> stored;
            case MEMBER -> 0;
        };
    }

    /** A plain member's permissions now: the chat default, narrowed by a restriction that has not expired. */
    public static int memberPermissions(int chatDefault, Integer restricted, long restrictedUntil, long now) {
        boolean active = restricted != null && (restrictedUntil == 0 || restrictedUntil > now);
        return active ? chatDefault & restricted : chatDefault;
    }

    public static boolean has(int mask, int right) {
        return (mask & right) == right;
    }

    public static int mask(AdminRights r) {
        return bit(r.changeInfo(), CHANGE_INFO) | bit(r.postMessages(), POST_MESSAGES)
                | bit(r.editMessages(), EDIT_MESSAGES) | bit(r.deleteMessages(), DELETE_MESSAGES)
                | bit(r.banUsers(), BAN_USERS) | bit(r.inviteUsers(), INVITE_USERS)
                | bit(r.pinMessages(), PIN_MESSAGES) | bit(r.manageTopics(), MANAGE_TOPICS)
                | bit(r.addAdmins(), ADD_ADMINS);
    }

    public static int mask(MemberPermissions p) {
        return bit(p.sendMessages(), SEND_MESSAGES) | bit(p.inviteUsers(), MEMBER_INVITE_USERS)
                | bit(p.pinMessages(), MEMBER_PIN_MESSAGES) | bit(p.changeInfo(), MEMBER_CHANGE_INFO);
    }

    public static AdminRights adminRights(int mask) {
        return new AdminRights(has(mask, CHANGE_INFO), has(mask, POST_MESSAGES), has(mask, EDIT_MESSAGES),
                has(mask, DELETE_MESSAGES), has(mask, BAN_USERS), has(mask, INVITE_USERS), has(mask, PIN_MESSAGES),
                has(mask, MANAGE_TOPICS), has(mask, ADD_ADMINS));
    }

    public static MemberPermissions memberPermissions(int mask) {
        return new MemberPermissions(has(mask, SEND_MESSAGES), has(mask, MEMBER_INVITE_USERS),
                has(mask, MEMBER_PIN_MESSAGES), has(mask, MEMBER_CHANGE_INFO));
    }

    private static int bit(boolean on, int bit) {
        return on ? bit : 0;
    }
}
