package dev.parley.server.bot;

import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.server.chat.ChannelService;
import dev.parley.server.chat.ChatService;
import java.util.List;
import java.util.Map;

/**
 * The chat methods of the Bot API, mapped onto the messaging core's chats and roles (moderation is in
 * {@link TelegramModeration}). Parley groups are Telegram "group" chats, supergroups and channels keep their kind;
 * what the core cannot do yet (pins) answers a clear 400.
 */
final class TelegramChats {
    private final ChatService chats;
    private final ChannelService channels;
    private final TelegramRenderer render;

    TelegramChats(ChatService chats, ChannelService channels, TelegramRenderer render) {
        this.chats = chats;
        this.channels = channels;
        this.render = render;
    }

    Map<String, BotCall> methods() {
        return Map.ofEntries(
                Map.entry("getchat", (bot, p) -> render.fullInfo(render.chat(bot.id(), p.chatId("chat_id")))),
                Map.entry("getchatmember", this::getChatMember),
                Map.entry("getchatadministrators", this::getChatAdministrators),
                Map.entry("getchatmembercount", (bot, p) -> render.chat(bot.id(), p.chatId("chat_id")).memberCount()),
                Map.entry("getchatmemberscount", (bot, p) -> render.chat(bot.id(), p.chatId("chat_id"))
                        .memberCount()),
                Map.entry("leavechat", (bot, p) -> {
                    long chatId = p.chatId("chat_id");
                    if (large(bot, chatId)) {
                        channels.leave(bot.id(), chatId);
                    } else {
                        chats.leave(bot.id(), chatId);
                    }
                    return true;
                }),
                Map.entry("setchattitle", (bot, p) -> {
                    long chatId = p.chatId("chat_id");
                    if (large(bot, chatId)) {
                        channels.editInfo(bot.id(), chatId, p.requireString("title"), null);
                    } else {
                        chats.editTitle(bot.id(), chatId, p.requireString("title"));
                    }
                    return true;
                }));
    }

    /** Supergroups and channels are left and renamed with the channels.* services. */
    private boolean large(BotService.Bot bot, long chatId) {
        String kind = render.chat(bot.id(), chatId).kind();
        return ChannelMethods.KIND_SUPERGROUP.equals(kind) || ChannelMethods.KIND_CHANNEL.equals(kind);
    }

    private List<ChatMethods.Member> members(long botId, long chatId) {
        return chats.getMembers(botId, chatId, 0, ChatMethods.MEMBERS_PAGE_MAX).members();
    }

    private Object getChatMember(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long userId = p.requireInteger("user_id");
        return members(bot.id(), chatId).stream().filter(m -> m.userId() == userId).findFirst()
                .map(m -> member(chatId, m))
                .orElseGet(() -> {
                    if (render.profiles(List.of(userId)).isEmpty()) {
                        throw TelegramException.badRequest("user not found");
                    }
                    return render.member(render.user(userId), "left");
                });
    }

    private Object getChatAdministrators(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        return members(bot.id(), chatId).stream()
                .filter(m -> !m.role().equals(ChatMethods.ROLE_MEMBER))
                .map(m -> member(chatId, m))
                .toList();
    }

    /** An admin of a supergroup or channel shows the rights the core keeps for them. */
    private Object member(long chatId, ChatMethods.Member m) {
        String status = TelegramRenderer.status(m.role());
        AdminRights rights = status.equals("administrator") ? render.largeChatRights(chatId, m.userId()) : null;
        return render.member(render.user(m.userId()), status, rights);
    }
}
