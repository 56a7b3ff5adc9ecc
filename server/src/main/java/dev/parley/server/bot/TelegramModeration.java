package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.InviteMethods;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.InviteService;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The moderation methods of the Bot API (bans, restrictions, admins, default permissions, invite links and join
 * requests), run as the bot's own account on the core's moderation of supergroups and channels, so the bot needs the
 * same admin rights a person would. In small groups only bans (as removals) and promotions (the admin role) exist;
 * the rest answer Telegram's "method is available for supergroup and channel chats only".
 */
final class TelegramModeration {
    /** Telegram treats a restriction or ban shorter than 30 s or longer than 366 days as forever. */
    private static final Duration SHORTEST = Duration.ofSeconds(30);
    private static final Duration LONGEST = Duration.ofDays(366);

    private final ChatService chats;
    private final ModerationService moderation;
    private final InviteService invites;
    private final TelegramRenderer render;
    private final TelegramJson json;
    private final Clock clock;

    TelegramModeration(ChatService chats, ModerationService moderation, InviteService invites,
            TelegramRenderer render, TelegramJson json, Clock clock) {
        this.chats = chats;
        this.moderation = moderation;
        this.invites = invites;
        this.render = render;
        this.json = json;
        this.clock = clock;
    }

    Map<String, BotCall> methods() {
        return Map.ofEntries(
                Map.entry("banchatmember", this::banChatMember),
                Map.entry("kickchatmember", this::banChatMember),
                Map.entry("unbanchatmember", this::unbanChatMember),
                Map.entry("restrictchatmember", this::restrictChatMember),
                Map.entry("promotechatmember", this::promoteChatMember),
                Map.entry("setchatpermissions", this::setChatPermissions),
                Map.entry("createchatinvitelink", this::createChatInviteLink),
                Map.entry("exportchatinvitelink", (bot, p) -> createInvite(bot, p.chatId("chat_id"), 0, 0, false)
                        .token()),
                Map.entry("revokechatinvitelink", this::revokeChatInviteLink),
                Map.entry("approvechatjoinrequest", (bot, p) -> decide(bot, p, true)),
                Map.entry("declinechatjoinrequest", (bot, p) -> decide(bot, p, false)));
    }

    /** Large chats: a real ban until {@code until_date}. Small groups have no ban list: the member is removed. */
    private Object banChatMember(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long userId = target(bot, p);
        if (isLarge(bot, chatId)) {
            moderation.ban(bot.id(), chatId, userId, until(p));
            return true;
        }
        try {
            chats.removeMember(bot.id(), chatId, userId);
        } catch (ParleyException e) {
            if (e.code() != ErrorCode.USER_NOT_MEMBER) {
                throw e;
            }
        }
        return true;
    }

    /**
     * As in Telegram: afterwards the user is not banned and not a member (a member is removed, unless
     * {@code only_if_banned}), so they can join again. Small groups keep no ban list: only the checks run.
     */
    private Object unbanChatMember(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long userId = target(bot, p);
        if (!isLarge(bot, chatId)) {
            if (render.chat(bot.id(), chatId).peerId() != null) {
                throw largeOnly();
            }
            return true;
        }
        try {
            moderation.unban(bot.id(), chatId, userId);
        } catch (ParleyException e) {
            if (e.code() != ErrorCode.CHAT_NOT_MODIFIED) {
                throw e;
            }
            boolean member = chats.getMembers(bot.id(), chatId, 0, ChatMethods.MEMBERS_PAGE_MAX).members().stream()
                    .anyMatch(m -> m.userId() == userId);
            if (member && !p.bool("only_if_banned", false)) {
                // The core removes members only by banning: a ban lifted at once is Telegram's "kick".
                moderation.ban(bot.id(), chatId, userId, 0);
                moderation.unban(bot.id(), chatId, userId);
            }
        }
        return true;
    }

    private Object restrictChatMember(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long userId = target(bot, p);
        requireLarge(bot, chatId);
        moderation.restrict(bot.id(), chatId, userId, permissions(p), until(p));
        return true;
    }

    /** Large chats: Telegram's admin rights one to one. Small groups: any right makes an admin, none a member. */
    private Object promoteChatMember(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long userId = target(bot, p);
        AdminRights rights = new AdminRights(p.bool("can_change_info", false), p.bool("can_post_messages", false),
                p.bool("can_edit_messages", false), p.bool("can_delete_messages", false),
                p.bool("can_restrict_members", false), p.bool("can_invite_users", false),
                p.bool("can_pin_messages", false), p.bool("can_manage_topics", false),
                p.bool("can_promote_members", false));
        if (isLarge(bot, chatId)) {
            moderation.setAdmin(bot.id(), chatId, userId, rights);
            return true;
        }
        boolean any = rights.changeInfo() || rights.postMessages() || rights.editMessages()
                || rights.deleteMessages() || rights.banUsers() || rights.inviteUsers() || rights.pinMessages()
                || rights.manageTopics() || rights.addAdmins() || p.bool("can_manage_chat", false);
        chats.setRole(bot.id(), chatId, userId, any ? Role.ADMIN : Role.MEMBER);
        return true;
    }

    private Object setChatPermissions(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        requireLarge(bot, chatId);
        moderation.setDefaultPermissions(bot.id(), chatId, permissions(p));
        return true;
    }

    /** Parley keeps no link names or per-link edits: {@code name} is ignored; the rest maps one to one. */
    private Object createChatInviteLink(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long expire = p.integer("expire_date").orElse(0L);
        long limit = p.integer("member_limit").orElse(0L);
        if (limit < 0 || limit > InviteMethods.USAGE_LIMIT_MAX) {
            throw TelegramException.badRequest("member_limit must be between 1 and " + InviteMethods.USAGE_LIMIT_MAX);
        }
        boolean request = p.bool("creates_join_request", false);
        if (request && limit != 0) {
            throw TelegramException.badRequest("member limit can't be specified for links requiring administrator "
                    + "approval");
        }
        return link(bot, createInvite(bot, chatId, expire, (int) limit, request));
    }

    private InviteMethods.Invite createInvite(BotService.Bot bot, long chatId, long expire, int limit,
            boolean request) {
        requireLarge(bot, chatId);
        return invites.create(bot.id(), new InviteMethods.CreateInvite(chatId, expire == 0 ? null : expire,
                limit == 0 ? null : limit, request));
    }

    private Object revokeChatInviteLink(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        String link = p.requireString("invite_link");
        // Accepts the bare token and any URL ending in it ("…/+token").
        String token = link.substring(Math.max(link.lastIndexOf('/'), link.lastIndexOf('+')) + 1);
        requireLarge(bot, chatId);
        try {
            invites.revoke(bot.id(), chatId, token);
        } catch (ParleyException e) {
            if (e.code() == ErrorCode.INVITE_INVALID || e.code() == ErrorCode.BAD_REQUEST) {
                throw TelegramException.badRequest("INVITE_HASH_EXPIRED");
            }
            throw e;
        }
        ObjectNode revoked = json.object();
        revoked.put("invite_link", token);
        revoked.set("creator", json.tree(render.user(bot.profile())));
        revoked.put("creates_join_request", false);
        revoked.put("is_primary", false);
        revoked.put("is_revoked", true);
        return revoked;
    }

    private Object decide(BotService.Bot bot, BotParams p, boolean approve) {
        long chatId = p.chatId("chat_id");
        long userId = p.requireInteger("user_id");
        requireLarge(bot, chatId);
        try {
            invites.decide(bot.id(), chatId, userId, approve);
        } catch (ParleyException e) {
            if (e.code() == ErrorCode.USER_NOT_FOUND) {
                throw TelegramException.badRequest("HIDE_REQUESTER_MISSING");
            }
            throw e;
        }
        return true;
    }

    /** Telegram's ChatInviteLink; the link is the token itself, since clients build their own URL around it. */
    private JsonNode link(BotService.Bot bot, InviteMethods.Invite invite) {
        ObjectNode node = json.object();
        node.put("invite_link", invite.token());
        node.set("creator", json.tree(render.user(bot.profile())));
        node.put("creates_join_request", invite.requestNeeded());
        node.put("is_primary", false);
        node.put("is_revoked", invite.revoked());
        if (invite.expireDate() != 0) {
            node.put("expire_date", invite.expireDate());
        }
        if (invite.usageLimit() != 0) {
            node.put("member_limit", invite.usageLimit());
        }
        return node;
    }

    /** Telegram's ChatPermissions, as far as Parley has them (absent fields are false, as in Telegram). */
    private static MemberPermissions permissions(BotParams p) {
        JsonNode perms = p.object("permissions").orElseThrow(() -> TelegramException.badRequest("permissions is "
                + "empty"));
        if (!perms.isObject()) {
            throw TelegramException.badRequest("can't parse permissions JSON object");
        }
        return new MemberPermissions(flag(perms, "can_send_messages"), flag(perms, "can_invite_users"),
                flag(perms, "can_pin_messages"), flag(perms, "can_change_info"));
    }

    private static boolean flag(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isBoolean() ? value.asBoolean() : "true".equals(value.asText());
    }

    private long until(BotParams p) {
        long until = p.integer("until_date").orElse(0L);
        long now = clock.instant().getEpochSecond();
        return until == 0 || until - now < SHORTEST.toSeconds() || until - now > LONGEST.toSeconds() ? 0 : until;
    }

    private static long target(BotService.Bot bot, BotParams p) {
        long userId = p.requireInteger("user_id");
        if (userId == bot.id()) {
            throw TelegramException.badRequest("can't restrict self");
        }
        return userId;
    }

    /** Also the membership check: CHAT_NOT_FOUND ("chat not found") when the bot is not in the chat. */
    private boolean isLarge(BotService.Bot bot, long chatId) {
        String kind = render.chat(bot.id(), chatId).kind();
        return ChannelMethods.KIND_SUPERGROUP.equals(kind) || ChannelMethods.KIND_CHANNEL.equals(kind);
    }

    private void requireLarge(BotService.Bot bot, long chatId) {
        if (!isLarge(bot, chatId)) {
            throw largeOnly();
        }
    }

    private static TelegramException largeOnly() {
        return TelegramException.badRequest("method is available for supergroup and channel chats only");
    }
}
