package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.ModerationMethods.AdminLogEntry;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.UserProfile;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Rights;
import dev.parley.server.chat.Role;
import dev.parley.server.db.Database;
import dev.parley.server.message.HistoryService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Parley objects into Telegram objects as one bot sees them. Ids are Parley's own (chat ids, message ids and
 * user ids are the integers Parley users see). Bot commands in texts get {@code bot_command} entities, as Telegram
 * detects them, because bot libraries route commands by that entity.
 */
final class TelegramRenderer {
    private static final Pattern COMMAND = Pattern.compile("(?<=^|\\s)/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?");

    private final ChatService chats;
    private final ModerationService moderation;
    private final Database database;
    private final HistoryService history;
    private final AccountService accounts;
    private final BotStore store;
    private final TelegramJson json;

    TelegramRenderer(ChatService chats, ModerationService moderation, Database database, HistoryService history,
            AccountService accounts, BotStore store, TelegramJson json) {
        this.chats = chats;
        this.moderation = moderation;
        this.database = database;
        this.history = history;
        this.accounts = accounts;
        this.store = store;
        this.json = json;
    }

    /**
     * Who made the bot an admin of a supergroup or channel: the latest {@code setAdmin} about it in the admin log
     * (which admins may read); otherwise (a converted group's members, who may not) the chat's owner, looked for among
     * its longest-standing members.
     */
    Optional<Long> appointer(long botId, long chatId) {
        try {
            Optional<Long> actor = moderation.getAdminLog(botId, chatId, 100).entries().stream()
                    .filter(e -> e.action().equals("setAdmin") && Long.valueOf(botId).equals(e.userId()))
                    .map(AdminLogEntry::actorId).findFirst();
            if (actor.isPresent()) {
                return actor;
            }
        } catch (ParleyException notAnAdmin) {
            // Plain members cannot read the log: fall back to the owner.
        }
        return chats.getMembers(botId, chatId, 0, ChatMethods.MEMBERS_PAGE_MAX).members().stream()
                .filter(m -> m.role().equals(ChatMethods.ROLE_OWNER)).map(ChatMethods.Member::userId).findFirst();
    }

    /** What a bot that lost access to a large chat still learns: the chat, whether it is banned, who removed it. */
    record Lost(Tg.Chat chat, boolean banned, Long removedBy) {}

    /**
     * The chat the bot can no longer read, as it learns of its loss (empty if the chat is gone). Who removed it comes
     * from the admin log for a ban, else from the supergroup's {@code removed} event after {@code fromSeq} (the bot's
     * read position) when there is one among the chat's latest events.
     */
    Optional<Lost> lost(long botId, long chatId, long fromSeq, long now) {
        return database.read(h -> chats.existing(h, List.of(chatId)).stream().findFirst().map(row -> {
            long first = Math.max(fromSeq + 1, row.seq() - 99);
            List<Long> seqs = java.util.stream.LongStream.rangeClosed(first, row.seq()).boxed().toList();
            Long removedBy = null;
            for (ChatEvent event : chats.events(h, chatId, seqs)) {
                if (ChatEvent.MEMBERSHIP.equals(event.kind()) && event.payload() != null) {
                    JsonNode p = json.read(event.payload(), "event");
                    boolean aboutBot = false;
                    for (JsonNode id : p.path("userIds")) {
                        aboutBot |= id.asLong() == botId;
                    }
                    if (aboutBot && p.path("action").asText().equals("removed")) {
                        removedBy = p.path("actorId").asLong();
                    }
                }
            }
            boolean banned = moderation.banned(h, chatId, botId, now);
            if (banned) {
                // Bans are in the admin log in channels too, which record no membership events.
                removedBy = moderation.lastActor(h, chatId, "ban", botId).orElse(removedBy);
            }
            return new Lost(new Tg.Chat(chatId, row.kind(), row.title(), row.username(), null), banned, removedBy);
        }));
    }

    /** The admin rights the core keeps for a member of a supergroup or channel; null elsewhere or for non-admins. */
    AdminRights largeChatRights(long chatId, long userId) {
        return database.read(h -> {
            if (!chats.requireChat(h, chatId).isLarge()) {
                return null;
            }
            return chats.member(h, chatId, userId).filter(m -> m.role() != Role.MEMBER)
                    .map(m -> Rights.adminRights(moderation.adminRights(h, m))).orElse(null);
        });
    }

    Tg.User user(UserProfile profile) {
        return Tg.User.of(profile.userId(), UserProfile.KIND_BOT.equals(profile.kind()), profile.displayName(),
                profile.username());
    }

    Tg.User user(long userId) {
        return accounts.findById(userId).map(this::user)
                .orElse(Tg.User.of(userId, false, "Deleted Account", null));
    }

    /** The chat as the viewer (a member) sees it; CHAT_NOT_FOUND for non-members. */
    ChatMethods.Chat chat(long viewerId, long chatId) {
        return chats.get(viewerId, chatId);
    }

    Tg.Chat chat(ChatMethods.Chat chat) {
        if (chat.peerId() != null) {
            Optional<UserProfile> peer = accounts.findById(chat.peerId());
            return new Tg.Chat(chat.chatId(), "private", null, peer.map(UserProfile::username).orElse(null),
                    peer.map(UserProfile::displayName).orElse("Deleted Account"));
        }
        // Parley's kinds are Telegram's: private, group, supergroup, channel; public large chats have a username.
        return new Tg.Chat(chat.chatId(), chat.kind(), chat.title(), chat.username(), null);
    }

    Tg.ChatFullInfo fullInfo(ChatMethods.Chat chat) {
        Tg.Chat c = chat(chat);
        return new Tg.ChatFullInfo(c.id(), c.type(), c.title(), c.username(), c.firstName(), 0, 0);
    }

    /** A visible message of the chat, as the viewer sees it. */
    Optional<Message> find(long viewerId, long chatId, long messageId) {
        try {
            return history.getHistory(viewerId, chatId, messageId + 1, 1, true).messages().stream()
                    .filter(m -> m.id() == messageId && !Boolean.TRUE.equals(m.deleted())).findFirst();
        } catch (ParleyException e) {
            return Optional.empty();
        }
    }

    /** The full Telegram message, with the message it replies to (one level, as Telegram does). */
    Tg.Message message(long viewerId, Message m, Tg.Chat chat) {
        Tg.Message replyTo = null;
        if (m.replyToId() != null) {
            replyTo = find(viewerId, m.chatId(), m.replyToId()).map(r -> message(r, chat, null)).orElse(null);
        }
        return message(m, chat, replyTo);
    }

    Tg.Message message(Message m, Tg.Chat chat, Tg.Message replyTo) {
        // A channel speaks as itself: Telegram names the channel as sender_chat and leaves out from.
        boolean channel = chat.type().equals(ChannelMethods.KIND_CHANNEL);
        Tg.User from = m.senderId() == null || channel ? null : user(m.senderId());
        Tg.MessageOrigin origin = null;
        if (m.forward() != null) {
            Long sender = m.forward().senderId();
            origin = new Tg.MessageOrigin("user", m.forward().date(),
                    sender == null ? Tg.User.of(0, false, "Deleted Account", null) : user(sender));
        }
        JsonNode markup = inlineMarkup(m.chatId(), m.id()).orElse(null);
        return new Tg.Message(m.id(), from, channel ? chat : null, m.date() == null ? 0 : m.date(), chat,
                channel ? m.authorSignature() : null, origin, replyTo, m.editDate(),
                m.text(), entities(m.text(), m.entities()), markup, null, null, null,
                m.poll() == null ? null : poll(m.chatId(), m.id(), m.poll()));
    }

    /** A service message for membership changes (new_chat_members / left_chat_member). */
    Tg.Message membership(long seqAsId, Tg.Chat chat, long actorId, String action, List<Long> userIds, long date) {
        List<Tg.User> users = userIds.stream().map(this::user).toList();
        boolean joined = action.equals("added") || action.equals("created");
        return new Tg.Message(seqAsId, user(actorId), null, date, chat, null, null, null, null, null, null, null,
                joined ? users : null, joined || users.isEmpty() ? null : users.getFirst(),
                action.equals("created") ? Boolean.TRUE : null, null);
    }

    /** Telegram's Poll as the viewer sees it (a quiz's answer only once they voted or it closed). */
    static Tg.Poll poll(long chatId, long messageId, PostMethods.Poll p) {
        return new Tg.Poll(pollId(chatId, messageId), p.question(),
                p.options().stream().map(o -> new Tg.PollOption(o.text(), o.voters())).toList(), p.totalVoters(),
                p.closed(), p.anonymous(), p.quiz() ? "quiz" : "regular", p.multipleChoice(), p.correctOption(),
                p.explanation(), p.closeDate());
    }

    static String pollId(long chatId, long messageId) {
        return chatId + "_" + messageId;
    }

    /** Telegram returns reply_markup in messages only for inline keyboards. */
    Optional<JsonNode> inlineMarkup(long chatId, long messageId) {
        return store.markups(chatId, List.of(messageId)).stream().findFirst()
                .map(row -> json.read(row.markup(), "reply_markup"))
                .filter(node -> node.has("inline_keyboard"));
    }

    List<Tg.MessageEntity> entities(String text, List<Entity> stored) {
        if (text == null) {
            return null;
        }
        List<Tg.MessageEntity> out = new ArrayList<>();
        Set<Integer> literal = new HashSet<>();
        for (Entity e : stored == null ? List.<Entity>of() : stored) {
            String type = e.type().equals("link") ? "text_link" : e.type();
            out.add(Formatted.entity(type, e.offset(), e.length(), e.url(), null));
            if (e.type().equals("code") || e.type().equals("pre")) {
                for (int i = e.offset(); i < e.end(); i++) {
                    literal.add(i);
                }
            }
        }
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            if (!literal.contains(m.start())) {
                out.add(Formatted.entity("bot_command", m.start(), m.end() - m.start(), null, null));
            }
        }
        out.sort(Comparator.comparingInt(Tg.MessageEntity::offset));
        return out.isEmpty() ? null : out;
    }

    /** Telegram's ChatMember object for a status (creator, administrator, member, left, kicked). */
    JsonNode member(Tg.User user, String status) {
        return member(user, status, null);
    }

    /**
     * As {@link #member(Tg.User, String)}; an administrator's rights are {@code rights} when the chat keeps them
     * (supergroups and channels), else what a small group's admins can do (manage members and messages).
     */
    JsonNode member(Tg.User user, String status, AdminRights rights) {
        ObjectNode node = json.object();
        node.put("status", status);
        node.set("user", json.tree(user));
        switch (status) {
            case "creator" -> node.put("is_anonymous", false);
            case "administrator" -> {
                AdminRights r = rights != null ? rights
                        : new AdminRights(false, false, false, true, true, true, false, false, false);
                node.put("can_be_edited", false);
                node.put("is_anonymous", false);
                node.put("can_manage_chat", true);
                node.put("can_change_info", r.changeInfo());
                node.put("can_post_messages", r.postMessages());
                node.put("can_edit_messages", r.editMessages());
                node.put("can_delete_messages", r.deleteMessages());
                node.put("can_restrict_members", r.banUsers());
                node.put("can_invite_users", r.inviteUsers());
                node.put("can_pin_messages", r.pinMessages());
                node.put("can_manage_topics", r.manageTopics());
                node.put("can_promote_members", r.addAdmins());
                for (String right : List.of("can_manage_video_chats", "can_post_stories", "can_edit_stories",
                        "can_delete_stories")) {
                    node.put(right, false);
                }
            }
            case "kicked" -> node.put("until_date", 0);
            default -> { }
        }
        return node;
    }

    static String status(String role) {
        return switch (role) {
            case ChatMethods.ROLE_OWNER -> "creator";
            case ChatMethods.ROLE_ADMIN -> "administrator";
            default -> "member";
        };
    }

    Map<Long, UserProfile> profiles(List<Long> ids) {
        return accounts.findByIds(ids);
    }
}
