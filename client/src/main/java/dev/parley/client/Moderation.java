package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.channel.ModerationMethods;
import dev.parley.protocol.channel.ModerationMethods.AdminLogEntry;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import java.util.List;

/**
 * Rights and moderation of supergroups and channels (docs/protocol/channels.md, "Rights and moderation"); obtained
 * from {@link ParleyClient#moderation()}. Each call sets a state (rights, a ban, a restriction, an interval), so a
 * repeat after a reconnect changes nothing: all are re-sent. {@code untilDate} is Unix seconds, 0 = forever.
 */
public final class Moderation {
    /** Every admin right (what the owner holds). */
    public static final AdminRights ALL_RIGHTS = new AdminRights(true, true, true, true, true, true, true, true, true);
    /** No right: {@link #setAdmin} with it demotes to a plain member. */
    public static final AdminRights NO_RIGHTS = new AdminRights(false, false, false, false, false, false, false, false,
            false);
    /** A member who may do nothing but read. */
    public static final MemberPermissions READ_ONLY = new MemberPermissions(false, false, false, false);

    private final ParleyClient client;

    Moderation(ParleyClient client) {
        this.client = client;
    }

    /** {@code chats.setAdmin}: promotes with {@code rights}, or demotes with {@link #NO_RIGHTS}. */
    public void setAdmin(long chatId, long userId, AdminRights rights) {
        client.call(ModerationMethods.SET_ADMIN, new ModerationMethods.SetAdmin(chatId, userId, rights),
                JsonNode.class);
    }

    public void demote(long chatId, long userId) {
        setAdmin(chatId, userId, NO_RIGHTS);
    }

    public void setDefaultPermissions(long chatId, MemberPermissions permissions) {
        client.call(ModerationMethods.SET_DEFAULT_PERMISSIONS,
                new ModerationMethods.SetDefaultPermissions(chatId, permissions), JsonNode.class);
    }

    /** {@code chats.banMember}: removes the user (if a member) and keeps them out until {@code untilDate}. */
    public void ban(long chatId, long userId, long untilDate) {
        client.call(ModerationMethods.BAN_MEMBER, new ModerationMethods.BanMember(chatId, userId, untilDate),
                JsonNode.class);
    }

    public void unban(long chatId, long userId) {
        client.call(ModerationMethods.UNBAN_MEMBER, new ModerationMethods.UnbanMember(chatId, userId),
                JsonNode.class);
    }

    /** {@code chats.restrictMember}: the member keeps only {@code permissions} (within the defaults) until then. */
    public void restrict(long chatId, long userId, MemberPermissions permissions, long untilDate) {
        client.call(ModerationMethods.RESTRICT_MEMBER,
                new ModerationMethods.RestrictMember(chatId, userId, permissions, untilDate), JsonNode.class);
    }

    /** {@code chats.setSlowMode}: seconds between a member's messages in a supergroup (0 turns it off). */
    public void setSlowMode(long chatId, int seconds) {
        client.call(ModerationMethods.SET_SLOW_MODE, new ModerationMethods.SetSlowMode(chatId, seconds),
                JsonNode.class);
    }

    /** {@code chats.getAdminLog}: newest first (admins only). */
    public List<AdminLogEntry> adminLog(long chatId, int limit) {
        return client.call(ModerationMethods.GET_ADMIN_LOG, new ModerationMethods.GetAdminLog(chatId, limit),
                ModerationMethods.AdminLog.class).entries();
    }
}
