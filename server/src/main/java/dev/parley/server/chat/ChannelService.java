package dev.parley.server.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.ChannelMethods.ChannelDifference;
import dev.parley.protocol.channel.ChannelMethods.ChannelState;
import dev.parley.protocol.channel.ChannelMethods.ChannelStates;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.sync.Update;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.ChatPush;
import dev.parley.server.sync.LogRenderer;
import dev.parley.server.sync.LogRow;
import dev.parley.server.sync.Push;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Supergroups and channels: chats whose events are fanned out on read (DESIGN §5). A post, a join or a leave writes a
 * constant number of rows whatever the audience: the chat event, the membership row, never per-member log rows.
 * Members follow each such chat's seq with {@code channels.getDifference}; online members get pushes per chat. Public
 * chats (with a username) are joinable and readable by anyone; private ones are invisible to non-members.
 */
public final class ChannelService {
    /** Telegram's supergroup size; channels have no limit. */
    public static final int SUPERGROUP_MAX_MEMBERS = 200_000;

    private final Database database;
    private final ChatStore store;
    private final TopicStore topics;
    private final ChatService chats;
    private final ModerationService moderation;
    private final LogRenderer renderer;
    private final IdGenerator ids;
    private final Bus bus;
    private final JsonCodec codec;
    private final Clock clock;

    public ChannelService(Database database, ChatStore store, TopicStore topics, ChatService chats,
            ModerationService moderation, LogRenderer renderer, IdGenerator ids, Bus bus, JsonCodec codec,
            Clock clock) {
        this.moderation = moderation;
        this.topics = topics;
        this.database = database;
        this.store = store;
        this.chats = chats;
        this.renderer = renderer;
        this.ids = ids;
        this.bus = bus;
        this.codec = codec;
        this.clock = clock;
    }

    public Chat create(long userId, ChannelMethods.Create params) {
        long chatId = ids.next();
        long now = now();
        Chat chat = database.write(h -> {
            if (!store.insertLargeChat(h, chatId, params.kind(), params.title(), params.about(), params.username(),
                    params.signMessages(), now)) {
                throw new ParleyException(ErrorCode.USERNAME_TAKEN, "a chat already has this username");
            }
            store.insertMember(h, chatId, userId, Role.OWNER, now, 0);
            storeEvent(h, chatId, ChatEvent.MEMBERSHIP, new ChatEvent.Membership("created", List.of(userId), userId),
                    now);
            return chats.view(h, chatId, userId);
        });
        bus.joinedChat(userId, chatId);
        return chat;
    }

    /** Joins a public chat by id or username. Private ones are unknown to non-members (invite links come later). */
    public Chat join(long userId, Long chatId, String username) {
        long now = now();
        Chat chat = database.write(h -> {
            ChatRow row = (chatId != null ? store.chat(h, chatId) : store.chatByUsername(h, username))
                    .filter(ChatRow::isLarge)
                    .orElseThrow(() -> new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found"));
            boolean member = store.member(h, row.chatId(), userId).isPresent();
            if (member) {
                throw new ParleyException(ErrorCode.USER_ALREADY_MEMBER, "already a member");
            }
            if (row.username() == null) {
                throw new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found");
            }
            moderation.requireNotBanned(h, row.chatId(), userId, now);
            return admit(h, row, userId, userId, now);
        });
        bus.joinedChat(userId, chat.chatId());
        announceJoin(chat, userId, userId);
        return chat;
    }

    /**
     * After commit: pushes a supergroup's join event (channels' joins are silent) to its online members. {@code chat}
     * is the joiner's view, made in the joining transaction, so its seq is the join event's. Called after the
     * joiner's connections entered the audience, so someone an admin let in learns of the chat at once.
     */
    void announceJoin(Chat chat, long userId, long actorId) {
        if (!ChannelMethods.KIND_SUPERGROUP.equals(chat.kind())) {
            return;
        }
        Update update = new Update.ChatMembership(chat.chatId(), actorId == userId ? "joined" : "added",
                List.of(userId), actorId, chat.seq());
        var batch = new ChannelMethods.ChannelBatch(chat.chatId(), List.of(update), chat.seq(), 1);
        chats.publishToChat(new ChatPush(chat.chatId(), batch, actorId, batch));
    }

    /**
     * Adds a bot account to a supergroup as a plain member, as Telegram lets members who may invite users add bots
     * (people join themselves, by username or invite link). Channels take bots only as admins ({@code chats.setAdmin}).
     */
    public Chat addBot(long actorId, long chatId, long botId) {
        long now = now();
        Chat chat = database.write(h -> {
            MemberRow me = chats.requireMember(h, chatId, actorId);
            ChatRow row = requireLarge(h, chatId);
            if (row.isChannel()) {
                throw new ParleyException(ErrorCode.PEER_INVALID,
                        "a channel takes bots as admins: use chats.setAdmin");
            }
            moderation.requireRightOrPermission(h, row, me, Rights.INVITE_USERS, Rights.MEMBER_INVITE_USERS, now,
                    "adding members");
            if (!chats.isBot(botId)) {
                // Unknown ids and people alike: nothing here tells which accounts exist.
                throw new ParleyException(ErrorCode.PEER_INVALID, "only bots are added; people join themselves");
            }
            if (store.member(h, chatId, botId).isPresent()) {
                throw new ParleyException(ErrorCode.USER_ALREADY_MEMBER, "already a member");
            }
            moderation.requireNotBanned(h, chatId, botId, now);
            admit(h, row, botId, actorId, now);
            return chats.view(h, chatId, actorId);
        });
        bus.joinedChat(botId, chatId);
        return chat;
    }

    /**
     * Makes the user a member (the caller checked they may join and are not banned; {@code actorId} is who let them
     * in). Returns the chat as they see it; the caller tells the bus after commit.
     */
    Chat admit(Handle h, ChatRow row, long userId, long actorId, long now) {
        if (!row.isChannel() && row.memberCount() >= SUPERGROUP_MAX_MEMBERS) {
            throw new ParleyException(ErrorCode.MEMBER_LIMIT_REACHED,
                    "a supergroup has at most " + SUPERGROUP_MAX_MEMBERS + " members");
        }
        // The whole history is visible; what was posted before joining does not count as unread.
        store.insertMember(h, row.chatId(), userId, Role.MEMBER, now, 0, row.lastMessageId());
        moderation.adoptCommenter(h, row.chatId(), userId);
        if (!row.isChannel()) {
            storeEvent(h, row.chatId(), ChatEvent.MEMBERSHIP, new ChatEvent.Membership(
                    actorId == userId ? "joined" : "added", List.of(userId), actorId), now);
        }
        return chats.view(h, row.chatId(), userId);
    }

    /** Leaves; an owner's ownership passes to the longest-serving admin (else member); an emptied chat is deleted. */
    public void leave(long userId, long chatId) {
        long now = now();
        List<Push> pushes = database.write(h -> {
            MemberRow me = chats.requireMember(h, chatId, userId);
            ChatRow chat = requireLarge(h, chatId);
            if (me.role() == Role.OWNER) {
                Optional<Long> heir = store.heir(h, chatId, userId);
                heir.ifPresent(u -> {
                    store.setRole(h, chatId, u, Role.OWNER);
                    storeEvent(h, chatId, ChatEvent.ROLE, new ChatEvent.RoleChange(u, Role.OWNER.wire()), now);
                });
            }
            if (!chat.isChannel()) {
                storeEvent(h, chatId, ChatEvent.MEMBERSHIP,
                        new ChatEvent.Membership("left", List.of(userId), userId), now);
            }
            if (store.deleteMember(h, chatId, userId) == 0) {
                return chats.deleteChat(h, chatId);
            }
            return Push.none();
        });
        bus.publish(pushes);
        bus.leftChat(userId, chatId);
    }

    /**
     * The chat's events after {@code fromSeq}, rendered as the caller sees them now (each update's pts is its seq).
     * Members read any large chat; non-members only public ones.
     */
    public ChannelDifference getDifference(long userId, long chatId, long fromSeq, int limit) {
        return getDifference(userId, chatId, fromSeq, limit, null);
    }

    /**
     * As above; with a {@code topicId} only the events of that forum topic's messages. A topic page scans at most
     * {@link ChannelMethods#DIFFERENCE_PAGE_MAX} events, so its cost stays bounded however rare the topic's events
     * are: it may hold fewer than {@code limit} updates (even none) before {@code final}, and its {@code seq} is
     * how far the scan got.
     */
    public ChannelDifference getDifference(long userId, long chatId, long fromSeq, int limit, Long topicId) {
        return database.read(h -> {
            ChatRow chat = readable(h, chatId, userId);
            List<ChatEvent> events = store.eventsAfter(h, chatId, fromSeq,
                    topicId == null ? limit : ChannelMethods.DIFFERENCE_PAGE_MAX);
            if (events.isEmpty()) {
                // Nothing after fromSeq: the client is current (or ahead of a wiped server, and resets to seq).
                return new ChannelDifference(chatId, List.of(), chat.seq(), true);
            }
            long last = events.getLast().seq();
            if (topicId != null) {
                List<ChatEvent> inTopic = inTopic(h, chatId, topicId, events);
                if (inTopic.size() > limit) {
                    inTopic = inTopic.subList(0, limit);
                    last = inTopic.getLast().seq();
                }
                events = inTopic;
            }
            List<LogRow> rows = events.stream().map(e -> new LogRow(userId, e.seq(), ChatService.logKind(e.kind()),
                    chatId, e.seq(), null, e.date())).toList();
            List<Update> updates = renderer.render(h, userId, rows);
            return new ChannelDifference(chatId, updates, last, last >= chat.seq());
        });
    }

    /** The events concerning at least one message of the topic, in order. */
    private List<ChatEvent> inTopic(Handle h, long chatId, long topicId, List<ChatEvent> events) {
        Map<ChatEvent, List<Long>> ids = new LinkedHashMap<>();
        events.forEach(e -> ids.put(e, e.messageIds(codec)));
        Set<Long> topical = topics.inTopic(h, chatId, topicId,
                ids.values().stream().flatMap(List::stream).collect(Collectors.toSet()));
        return events.stream().filter(e -> ids.get(e).stream().anyMatch(topical::contains)).toList();
    }

    /** The current seq of every large chat the caller belongs to, for a reconnecting client. */
    public ChannelStates getChannelStates(long userId) {
        return new ChannelStates(database.read(h -> store.largeChatsOf(h, userId)).stream()
                .map(c -> new ChannelState(c.chatId(), c.seq())).toList());
    }

    /** Ids of the user's large chats (the online-audience index asks when a connection registers). */
    public List<Long> largeChatIdsOf(long userId) {
        return database.read(h -> store.largeChatsOf(h, userId)).stream().map(ChatRow::chatId).toList();
    }

    /**
     * Changes the title and/or about text: admins with changeInfo (in supergroups also members with the changeInfo
     * permission). A new title is a {@code chatTitle} event pushed per chat; the about text is read with chats.get.
     */
    public Chat editInfo(long userId, long chatId, String title, String about) {
        long now = now();
        ChatPush[] push = {null};
        Chat chat = database.write(h -> {
            push[0] = null;
            MemberRow me = chats.requireMember(h, chatId, userId);
            ChatRow row = requireLarge(h, chatId);
            moderation.requireRightOrPermission(h, row, me, Rights.CHANGE_INFO, Rights.MEMBER_CHANGE_INFO, now,
                    "changing the chat's title or about");
            boolean newTitle = title != null && !title.equals(row.title());
            String newAbout = about == null || about.isEmpty() ? null : about;
            boolean aboutChanged = about != null && !java.util.Objects.equals(newAbout, row.about());
            if (!newTitle && !aboutChanged) {
                throw new ParleyException(ErrorCode.CHAT_NOT_MODIFIED, "the chat already has that title and about");
            }
            if (aboutChanged) {
                store.setAbout(h, chatId, newAbout);
            }
            if (newTitle) {
                store.setTitle(h, chatId, title);
                long seq = chats.largeEvent(h, chatId, ChatEvent.TITLE, new ChatEvent.Title(title), now);
                ChannelMethods.ChannelBatch batch = new ChannelMethods.ChannelBatch(chatId,
                        List.of(new Update.ChatTitle(chatId, title, seq)), seq, 1);
                push[0] = new ChatPush(chatId, batch, userId, batch);
            }
            java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
            if (newTitle) {
                details.put("title", title);
            }
            if (aboutChanged) {
                details.put("about", about);
            }
            moderation.log(h, chatId, userId, "editInfo", null, details, now);
            return chats.view(h, chatId, userId);
        });
        if (push[0] != null) {
            chats.publishToChat(push[0]);
        }
        return chat;
    }

    /** Turns a group into a supergroup: same id, members, seq and history; from now on fan-out on read. */
    public Chat convertToSupergroup(long userId, long chatId) {
        Chat chat = database.write(h -> {
            MemberRow me = chats.requireMember(h, chatId, userId);
            ChatRow row = chats.requireChat(h, chatId);
            if (!ChatMethods.KIND_GROUP.equals(row.kind())) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "only a group converts to a supergroup");
            }
            if (row.e2e()) {
                // Supergroup members join without an MLS commit, so they could not read the group's messages.
                throw new ParleyException(ErrorCode.CHAT_ENCRYPTED,
                        "an end-to-end encrypted group cannot become a supergroup");
            }
            if (me.role() != Role.OWNER) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "only the owner converts the group");
            }
            store.convertToSupergroup(h, chatId);
            store.addMessageEvents(h, chatId);
            moderation.grantConvertedAdmins(h, chatId);
            return chats.view(h, chatId, userId);
        });
        database.read(h -> store.memberIds(h, chatId)).forEach(u -> bus.joinedChat(u, chatId));
        return chat;
    }

    private ChatRow readable(Handle h, long chatId, long userId) {
        ChatRow chat = store.chat(h, chatId).filter(ChatRow::isLarge)
                .orElseThrow(() -> new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found"));
        if (chat.username() == null && store.member(h, chatId, userId).isEmpty()) {
            throw new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found");
        }
        return chat;
    }

    private ChatRow requireLarge(Handle h, long chatId) {
        ChatRow chat = chats.requireChat(h, chatId);
        if (!chat.isLarge()) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "not a supergroup or channel; use chats.leave");
        }
        return chat;
    }

    private void storeEvent(Handle h, long chatId, String kind, Object payload, long now) {
        long seq = store.nextSeq(h, chatId);
        store.insertEvent(h, chatId, seq, kind, codec.write(payload), now);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

}
