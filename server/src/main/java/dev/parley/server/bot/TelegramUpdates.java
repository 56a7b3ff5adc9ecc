package dev.parley.server.bot;

import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods;
import dev.parley.protocol.sync.Update;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Parley updates a bot reads (from its update log or a supergroup's or channel's events) as the Telegram
 * updates it is entitled to: messages and channel posts, edits, membership and role changes, its own polls' state and
 * votes, and reaction changes in chats it administers. One Parley update gives zero, one or two Telegram updates.
 */
final class TelegramUpdates {
    private final TelegramRenderer render;
    private final TelegramJson json;
    private final Clock clock;

    TelegramUpdates(TelegramRenderer render, TelegramJson json, Clock clock) {
        this.render = render;
        this.json = json;
        this.clock = clock;
    }

    List<BotStore.NewUpdate> convert(BotStore.BotRow bot, Update update) {
        try {
            return switch (update) {
                case Update.NewMessage u -> message(bot, u.message(), false);
                case Update.EditMessage u -> message(bot, u.message(), true);
                case Update.ChatMembership u -> membership(bot, u);
                case Update.ChatRole u -> role(bot, u);
                case Update.MessagePoll u -> poll(bot, u);
                case Update.MessageReactions u -> reactions(bot, u);
                default -> List.of();
            };
        } catch (ParleyException e) {
            // The chat or message went away between the event and now (the log renders current state): skip it.
            return List.of();
        }
    }

    /**
     * What a bot gets when it first sees a supergroup or channel (added as an admin, or its group converted): a
     * {@code my_chat_member} from "left" to its status, as Telegram sends. The bot's cursor starts after the event
     * that admitted it, so this stands in for it; {@code from} is who added it ({@code adder}, from the chat's
     * membership event), else who appointed it (from the admin log), else the chat's owner.
     */
    List<BotStore.NewUpdate> joined(long botId, long chatId, Long adder) {
        try {
            ChatMethods.Chat chat = render.chat(botId, chatId);
            String status = TelegramRenderer.status(chat.myRole());
            Tg.User me = render.user(botId);
            Tg.User appointer = Optional.ofNullable(adder).or(() -> render.appointer(botId, chatId))
                    .map(render::user).orElse(me);
            Tg.ChatMemberUpdated change = new Tg.ChatMemberUpdated(render.chat(chat), appointer, now(),
                    render.member(me, "left"), render.member(me, status, render.largeChatRights(chatId, botId)));
            return List.of(update("my_chat_member", change));
        } catch (ParleyException e) {
            return List.of();
        }
    }

    /** The bot's status in a chat it reads (Telegram's creator / administrator / member). */
    String status(long botId, long chatId) {
        try {
            return TelegramRenderer.status(render.chat(botId, chatId).myRole());
        } catch (ParleyException e) {
            return "left";
        }
    }

    /**
     * What a bot gets when it can no longer read a supergroup or channel it was in: a {@code my_chat_member} from its
     * last known status to {@code kicked} (banned) or {@code left} (removed, or it left). {@code from} is who removed
     * it when the chat recorded that, else the bot itself. Nothing if the chat itself is gone.
     */
    List<BotStore.NewUpdate> left(long botId, long chatId, long readUpTo, String lastStatus) {
        return render.lost(botId, chatId, readUpTo, now()).map(lost -> {
            Tg.User me = render.user(botId);
            Tg.User by = lost.removedBy() == null ? me : render.user(lost.removedBy());
            return List.of(update("my_chat_member", new Tg.ChatMemberUpdated(lost.chat(), by, now(),
                    render.member(me, lastStatus), render.member(me, lost.banned() ? "kicked" : "left"))));
        }).orElse(List.of());
    }

    /** An update of one kind: {@code {"update_id": id, kind: payload}}, in Telegram's field names. */
    BotStore.NewUpdate update(String kind, Object payload) {
        return new BotStore.NewUpdate(kind, id -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("update_id", id);
            body.put(kind, payload);
            return json.write(body);
        });
    }

    /**
     * Posts of others: {@code message}/{@code edited_message} in private chats and groups (privacy mode applies in
     * groups), {@code channel_post}/{@code edited_channel_post} in channels the bot administers (privacy mode does not
     * apply there, as in Telegram).
     */
    private List<BotStore.NewUpdate> message(BotStore.BotRow bot, Message m, boolean edit) {
        if (Boolean.TRUE.equals(m.out()) || Boolean.TRUE.equals(m.deleted()) || m.text() == null) {
            return List.of();
        }
        ChatMethods.Chat chat = render.chat(bot.botId(), m.chatId());
        boolean channel = ChannelMethods.KIND_CHANNEL.equals(chat.kind());
        if (channel && ChatMethods.ROLE_MEMBER.equals(chat.myRole())) {
            return List.of();
        }
        boolean group = chat.peerId() == null && !channel;
        if (group && bot.privacyMode() && !addressedTo(bot, m)) {
            return List.of();
        }
        String kind = channel ? (edit ? "edited_channel_post" : "channel_post")
                : edit ? "edited_message" : "message";
        return List.of(update(kind, render.message(bot.botId(), m, render.chat(chat))));
    }

    /** Privacy mode: commands (for this bot or for any bot), replies to the bot's messages and @mentions of it. */
    private boolean addressedTo(BotStore.BotRow bot, Message m) {
        String username = render.user(bot.botId()).username();
        String text = m.text().toLowerCase(Locale.ROOT);
        if (text.startsWith("/")) {
            int at = text.indexOf('@');
            int space = text.indexOf(' ');
            String target = at < 0 || (space >= 0 && space < at) ? null
                    : text.substring(at + 1, space < 0 ? text.length() : space);
            return target == null || target.equals(username);
        }
        if (text.contains("@" + username)) {
            return true;
        }
        return m.replyToId() != null && render.find(bot.botId(), m.chatId(), m.replyToId())
                .map(r -> r.senderId() != null && r.senderId() == bot.botId()).orElse(false);
    }

    /**
     * Telegram tells a bot about the state of the polls it sent (votes and closing), not about others' polls; a vote
     * in a public one also gives a {@code poll_answer} naming the voter (the core includes who voted only for the
     * poll's author, and only if a bot).
     */
    private List<BotStore.NewUpdate> poll(BotStore.BotRow bot, Update.MessagePoll u) {
        boolean mine = render.find(bot.botId(), u.chatId(), u.id())
                .map(m -> m.senderId() != null && m.senderId() == bot.botId()).orElse(false);
        if (!mine) {
            return List.of();
        }
        List<BotStore.NewUpdate> out = new ArrayList<>();
        out.add(update("poll", TelegramRenderer.poll(u.chatId(), u.id(), u.poll())));
        PostMethods.PollAnswer answer = u.answer();
        if (answer != null) {
            out.add(update("poll_answer", new Tg.PollAnswer(TelegramRenderer.pollId(u.chatId(), u.id()),
                    render.user(answer.userId()), answer.options())));
        }
        return out;
    }

    /**
     * {@code message_reaction}: someone's reaction changed, in a group or supergroup the bot administers (the core
     * includes the change only then). {@code message_reaction_count}: the new counts of a channel post, whose
     * reactions are anonymous, for the channel's admin bots.
     */
    private List<BotStore.NewUpdate> reactions(BotStore.BotRow bot, Update.MessageReactions u) {
        PostMethods.ReactionChange change = u.change();
        if (change != null) {
            if (change.userId() == bot.botId()) {
                return List.of();
            }
            Tg.Chat chat = render.chat(render.chat(bot.botId(), u.chatId()));
            return List.of(update("message_reaction", new Tg.MessageReactionUpdated(chat, u.id(),
                    render.user(change.userId()), now(), Tg.ReactionType.of(change.oldReaction()),
                    Tg.ReactionType.of(change.newReaction()))));
        }
        ChatMethods.Chat chat = render.chat(bot.botId(), u.chatId());
        if (!ChannelMethods.KIND_CHANNEL.equals(chat.kind()) || ChatMethods.ROLE_MEMBER.equals(chat.myRole())) {
            return List.of();
        }
        List<Tg.ReactionCount> counts = u.reactions().counts().stream()
                .map(c -> new Tg.ReactionCount(new Tg.ReactionType("emoji", c.reaction()), c.count())).toList();
        return List.of(update("message_reaction_count",
                new Tg.MessageReactionCountUpdated(render.chat(chat), u.id(), now(), counts)));
    }

    private List<BotStore.NewUpdate> membership(BotStore.BotRow bot, Update.ChatMembership u) {
        boolean aboutBot = u.userIds().contains(bot.botId());
        boolean joined = u.action().equals("added") || u.action().equals("created");
        Tg.Chat chat = chatOrStub(bot.botId(), u.chatId());
        Tg.User actor = render.user(u.actorId());
        String after = joined ? "member" : u.action().equals("removed") ? "kicked" : "left";
        if (aboutBot) {
            Tg.User me = render.user(bot.botId());
            return List.of(update("my_chat_member", new Tg.ChatMemberUpdated(chat, actor, now(),
                    render.member(me, joined ? "left" : "member"), render.member(me, after))));
        }
        if (u.userIds().size() != 1) {
            return List.of();
        }
        Tg.User subject = render.user(u.userIds().getFirst());
        return List.of(update("chat_member", new Tg.ChatMemberUpdated(chat, actor, now(),
                render.member(subject, joined ? "left" : "member"), render.member(subject, after))));
    }

    /** A promotion or demotion; administrators of supergroups and channels show their rights as they are now. */
    private List<BotStore.NewUpdate> role(BotStore.BotRow bot, Update.ChatRole u) {
        Tg.Chat chat = chatOrStub(bot.botId(), u.chatId());
        Tg.User subject = render.user(u.userId());
        String after = TelegramRenderer.status(u.role());
        String before = after.equals("member") ? "administrator" : "member";
        var rights = after.equals("administrator") ? render.largeChatRights(u.chatId(), u.userId()) : null;
        Tg.ChatMemberUpdated change = new Tg.ChatMemberUpdated(chat, subject, now(),
                render.member(subject, before), render.member(subject, after, rights));
        return List.of(update(u.userId() == bot.botId() ? "my_chat_member" : "chat_member", change));
    }

    private Tg.Chat chatOrStub(long botId, long chatId) {
        try {
            return render.chat(render.chat(botId, chatId));
        } catch (ParleyException e) {
            // The bot is no longer a member, so it cannot read the chat; Telegram still names it.
            return new Tg.Chat(chatId, "group", null, null, null);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
