package dev.parley.server.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.chat.ChatMethods.ChatCreated;
import dev.parley.protocol.chat.ChatMethods.Member;
import dev.parley.protocol.chat.ChatMethods.Members;
import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.protocol.sync.SyncMethods.Affected;
import dev.parley.protocol.sync.Update;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.contacts.UserDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.Committed;
import dev.parley.server.sync.LogEntry;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.sync.UpdateKinds;
import dev.parley.server.sync.UpdateLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Chats, membership and roles. Every change is a chat event (next seq) fanned out to the members' update logs in the
 * same transaction, then pushed after commit. Non-members get CHAT_NOT_FOUND for everything, so chat ids reveal
 * nothing. Groups are capped at {@link SyncSettings#largeChatThreshold()}: bigger audiences are channels.
 */
public final class ChatService {
    private final Database database;
    private final ChatStore store;
    private final UpdateLog log;
    private final ContactsService contacts;
    private final UserDirectory users;
    private final ChatContentEraser contentEraser;
    private final IdGenerator ids;
    private final Bus bus;
    private final JsonCodec codec;
    private final SyncSettings settings;
    private final Clock clock;

    private final ModerationStore moderation;

    public ChatService(Database database, ChatStore store, UpdateLog log, ContactsService contacts,
            UserDirectory users, ChatContentEraser contentEraser, IdGenerator ids, Bus bus, JsonCodec codec,
            SyncSettings settings, ModerationStore moderation, Clock clock) {
        this.moderation = moderation;
        this.database = database;
        this.store = store;
        this.log = log;
        this.contacts = contacts;
        this.users = users;
        this.contentEraser = contentEraser;
        this.ids = ids;
        this.bus = bus;
        this.codec = codec;
        this.settings = settings;
        this.clock = clock;
    }

    // ---- methods ----

    public Chat createPrivate(long userId, long peerId) {
        return createPrivate(userId, peerId, false);
    }

    /**
     * Idempotent: returns the existing private chat with the user, or creates it (no event until a message). A pair
     * has one private chat; {@code e2e} only matters when it is created.
     */
    public Chat createPrivate(long userId, long peerId, boolean e2e) {
        if (userId == peerId) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "a private chat needs another user");
        }
        contacts.requireUser(peerId);
        long chatId = ids.next();
        long now = now();
        return database.write(h -> {
            long id = store.privateChat(h, userId, peerId).orElse(chatId);
            if (id == chatId && store.claimPrivatePair(h, userId, peerId, chatId)) {
                store.insertChat(h, chatId, ChatMethods.KIND_PRIVATE, null, now, e2e);
                store.insertMember(h, chatId, userId, Role.MEMBER, now, 0);
                store.insertMember(h, chatId, peerId, Role.MEMBER, now, 0);
                log.ensureUser(h, userId);
                log.ensureUser(h, peerId);
            }
            return view(h, store.privateChat(h, userId, peerId).orElseThrow(), userId);
        });
    }

    public ChatCreated createGroup(long userId, String title, List<Long> memberIds) {
        return createGroup(userId, title, memberIds, false);
    }

    /** An {@code e2e} group starts with its creator alone: members join by MLS commits (the e2e feature). */
    public ChatCreated createGroup(long userId, String title, List<Long> memberIds, boolean e2e) {
        List<Long> others = memberIds.stream().filter(id -> id != userId).toList();
        if (others.size() + 1 > settings.largeChatThreshold()) {
            throw new ParleyException(ErrorCode.MEMBER_LIMIT_REACHED,
                    "a group has at most " + settings.largeChatThreshold() + " members");
        }
        Map<Long, User> found = users.findByIds(others);
        List<Long> missing = others.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new ParleyException(ErrorCode.USER_NOT_FOUND, "no users " + missing);
        }
        long chatId = ids.next();
        long now = now();
        Committed<ChatCreated> done = database.write(h -> {
            for (long other : others) {
                requireNotBlocked(h, other, userId);
            }
            if (e2e && !others.isEmpty()) {
                throw new ParleyException(ErrorCode.E2E_HANDSHAKE_REQUIRED,
                        "an end-to-end encrypted group starts with its creator; add members with e2e.sendHandshake");
            }
            store.insertChat(h, chatId, ChatMethods.KIND_GROUP, title, now, e2e);
            store.insertMember(h, chatId, userId, Role.OWNER, now, 0);
            for (long other : others) {
                store.insertMember(h, chatId, other, Role.MEMBER, now, 0);
            }
            List<Long> all = new ArrayList<>(others);
            all.addFirst(userId);
            all.forEach(u -> log.ensureUser(h, u));
            var event = new ChatEvent.Membership("created", all, userId);
            List<Push> pushes = event(h, chatId, ChatEvent.MEMBERSHIP, event, now, membershipUpdate(chatId, event));
            long pts = new Committed<>(null, pushes).ptsOf(userId).orElseThrow();
            return new Committed<>(new ChatCreated(view(h, chatId, userId), pts), pushes);
        });
        return publish(done);
    }

    public Affected addMember(long userId, long chatId, long newMemberId) {
        contacts.requireUser(newMemberId);
        long now = now();
        return affected(userId, database.write(h -> {
            requireCloud(requireGroup(h, chatId, userId));
            return new Committed<>(null, addMember(h, userId, chatId, newMemberId, now));
        }));
    }

    /**
     * Adds a member within the caller's transaction, with the same rules as {@code chats.addMember}; for the e2e
     * feature, which adds members of encrypted groups together with the MLS commit that adds them.
     */
    public List<Push> addMember(Handle h, long userId, long chatId, long newMemberId, long now) {
        ChatRow chat = requireGroup(h, chatId, userId);
        requireManager(h, chatId, userId);
        if (store.member(h, chatId, newMemberId).isPresent()) {
            throw new ParleyException(ErrorCode.USER_ALREADY_MEMBER, "already a member");
        }
        if (chat.memberCount() >= settings.largeChatThreshold()) {
            throw new ParleyException(ErrorCode.MEMBER_LIMIT_REACHED,
                    "a group has at most " + settings.largeChatThreshold() + " members");
        }
        requireNotBlocked(h, newMemberId, userId);
        var event = new ChatEvent.Membership("added", List.of(newMemberId), userId);
        long seq = store.nextSeq(h, chatId);
        store.insertMember(h, chatId, newMemberId, Role.MEMBER, now, seq);
        log.ensureUser(h, newMemberId);
        return logEvent(h, chatId, seq, ChatEvent.MEMBERSHIP, event, now, store.memberIds(h, chatId),
                membershipUpdate(chatId, event));
    }

    public Affected removeMember(long userId, long chatId, long memberId) {
        if (memberId == userId) {
            return leave(userId, chatId);
        }
        long now = now();
        return affected(userId, database.write(h -> {
            requireCloud(requireGroup(h, chatId, userId));
            return new Committed<>(null, removeMember(h, userId, chatId, memberId, now));
        }));
    }

    /** Removes another member within the caller's transaction, with the rules of {@code chats.removeMember}. */
    public List<Push> removeMember(Handle h, long userId, long chatId, long memberId, long now) {
        requireGroup(h, chatId, userId);
        MemberRow actor = requireManager(h, chatId, userId);
        MemberRow target = store.member(h, chatId, memberId)
                .orElseThrow(() -> new ParleyException(ErrorCode.USER_NOT_MEMBER, "not a member"));
        if (memberId == userId || !actor.role().outranks(target.role())) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "only the owner removes admins; nobody the owner");
        }
        var event = new ChatEvent.Membership("removed", List.of(memberId), userId);
        List<Push> pushes = event(h, chatId, ChatEvent.MEMBERSHIP, event, now, membershipUpdate(chatId, event));
        store.deleteMember(h, chatId, memberId);
        return pushes;
    }

    public Affected leave(long userId, long chatId) {
        long now = now();
        return affected(userId, database.write(h -> {
            requireGroup(h, chatId, userId);
            return new Committed<>(null, leaveGroup(h, chatId, userId, "left", now));
        }));
    }

    public Affected editTitle(long userId, long chatId, String title) {
        long now = now();
        return affected(userId, database.write(h -> {
            ChatRow chat = requireGroup(h, chatId, userId);
            requireManager(h, chatId, userId);
            if (title.equals(chat.title())) {
                throw new ParleyException(ErrorCode.CHAT_NOT_MODIFIED, "the title is already that");
            }
            store.setTitle(h, chatId, title);
            return new Committed<>(null, event(h, chatId, ChatEvent.TITLE, new ChatEvent.Title(title), now,
                    (u, pts) -> new Update.ChatTitle(chatId, title, pts)));
        }));
    }

    public Affected setRole(long userId, long chatId, long memberId, Role role) {
        long now = now();
        return affected(userId, database.write(h -> {
            requireGroup(h, chatId, userId);
            if (requireMember(h, chatId, userId).role() != Role.OWNER) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "only the owner appoints admins");
            }
            MemberRow target = store.member(h, chatId, memberId)
                    .orElseThrow(() -> new ParleyException(ErrorCode.USER_NOT_MEMBER, "not a member"));
            if (target.role() == Role.OWNER) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "the owner's role cannot change");
            }
            if (target.role() == role) {
                throw new ParleyException(ErrorCode.CHAT_NOT_MODIFIED, "the member already has that role");
            }
            return new Committed<>(null, changeRole(h, chatId, memberId, role, now));
        }));
    }

    public Chat get(long userId, long chatId) {
        return database.read(h -> {
            requireMember(h, chatId, userId);
            return view(h, chatId, userId);
        });
    }

    public Members getMembers(long userId, long chatId, int offset, int limit) {
        record Page(List<MemberRow> rows, int count) {}
        Page page = database.read(h -> {
            requireMember(h, chatId, userId);
            return new Page(store.membersPage(h, chatId, offset, limit), requireChat(h, chatId).memberCount());
        });
        Map<Long, User> profiles = users.findByIds(page.rows().stream().map(MemberRow::userId).toList());
        List<Member> members = page.rows().stream().filter(m -> profiles.containsKey(m.userId()))
                .map(m -> {
                    User u = profiles.get(m.userId());
                    return new Member(m.userId(), u.username(), u.displayName(), m.role().wire(), m.joinedAt());
                }).toList();
        return new Members(members, page.count());
    }

    // ---- transaction-scoped operations for the message feature ----

    /** The caller's membership, or CHAT_NOT_FOUND: a non-member learns nothing, not even that the chat exists. */
    public MemberRow requireMember(Handle h, long chatId, long userId) {
        return store.member(h, chatId, userId)
                .orElseThrow(() -> new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found"));
    }

    public ChatRow requireChat(Handle h, long chatId) {
        return store.chat(h, chatId)
                .orElseThrow(() -> new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found"));
    }

    /**
     * Records a chat event: takes the next seq, stores the event and appends one log row per member, rendered per
     * member by {@code render(userId, pts)}. Returns the pushes to publish after commit.
     */
    public List<Push> event(Handle h, long chatId, String kind, Object payload, long now, Renderer render) {
        if (requireChat(h, chatId).isLarge()) {
            largeEvent(h, chatId, kind, payload, now);
            return Push.none();
        }
        long seq = store.nextSeq(h, chatId);
        return logEvent(h, chatId, seq, kind, payload, now, store.memberIds(h, chatId), render);
    }

    /**
     * Records an event of a supergroup or channel (fan-out on read): the event row is all there is; members read it
     * with channels.getDifference and the caller pushes it per chat after commit. Returns its seq.
     */
    public long largeEvent(Handle h, long chatId, String kind, Object payload, long now) {
        long seq = store.nextSeq(h, chatId);
        store.insertEvent(h, chatId, seq, kind, payload == null ? null : codec.write(payload), now);
        return seq;
    }

    /**
     * Records an event of another feature (the e2e feature's handshakes and timer): takes the next seq, stores the
     * event and appends a row of {@code logKind} to every member's log, which that feature's log renderer renders.
     * Returns the seq and the pushes.
     */
    public FeatureEvent featureEvent(Handle h, long chatId, String kind, String logKind, Object payload, long now,
            EventRenderer render) {
        long seq = store.nextSeq(h, chatId);
        store.insertEvent(h, chatId, seq, kind, payload == null ? null : codec.write(payload), now);
        return new FeatureEvent(seq, fanOut(h, chatId, seq, logKind, store.memberIds(h, chatId), now,
                (u, pts) -> render.render(u, seq, pts)));
    }

    public record FeatureEvent(long seq, List<Push> pushes) {}

    /** Renders one member's update of an event whose seq is known only once it is taken. */
    @FunctionalInterface
    public interface EventRenderer {
        Update render(long userId, long seq, long pts);
    }

    /**
     * Takes the next seq for a new message (its id); the caller stores the message and fans it out. A supergroup or
     * channel also records it as a chat event, since its members read the chat's events (channels.getDifference). A
     * small chat does not: its members' log rows point at the message itself (UpdateRenderer reads no event for a
     * new message), and the event row was two of the dozen B-tree inserts of every send (docs/PERFORMANCE.md).
     */
    public long nextMessageSeq(Handle h, long chatId, long now, long activityKey) {
        ChatStore.MessageSeq next = store.nextMessageSeq(h, chatId, now, activityKey);
        if (next.large()) {
            store.insertEvent(h, chatId, next.seq(), ChatEvent.MESSAGE, null, now);
        }
        return next.seq();
    }

    /** Appends a log row pointing at event {@code seq} for each user. */
    public List<Push> fanOut(Handle h, long chatId, long seq, String logKind, List<Long> userIds, long now,
            Renderer render) {
        return log.appendPointer(h, now, userIds, logKind, chatId, seq, render::render);
    }

    public List<Long> memberIds(Handle h, long chatId) {
        return store.memberIds(h, chatId);
    }

    public List<MemberRow> members(Handle h, long chatId) {
        return store.members(h, chatId);
    }

    public void countUnread(Handle h, long chatId, long senderId) {
        store.countUnread(h, chatId, senderId);
    }

    public void uncountUnread(Handle h, long chatId, java.util.Collection<Long> userIds) {
        store.uncountUnread(h, chatId, userIds);
    }

    public void uncountUnread(Handle h, long chatId, long userId, long n) {
        store.uncountUnread(h, chatId, userId, n);
    }

    /** See {@link ChatStore#lockMember}: taken before reading a member row that the transaction then rewrites. */
    public void lockMember(Handle h, long chatId, long userId) {
        store.lockMember(h, chatId, userId);
    }

    public boolean moveInbox(Handle h, long chatId, long userId, long maxId, int unread) {
        return store.moveInbox(h, chatId, userId, maxId, unread);
    }

    public boolean moveOutbox(Handle h, long chatId, long userId, long maxId) {
        return store.moveOutbox(h, chatId, userId, maxId);
    }

    public List<MemberRow> dialogMemberships(Handle h, long userId, int offset, int limit) {
        return store.dialogMemberships(h, userId, offset, limit);
    }

    public List<Long> chatIdsOf(Handle h, long userId) {
        return store.chatIdsOf(h, userId);
    }

    public java.util.Optional<Long> peer(Handle h, long chatId, long userId) {
        return store.peer(h, chatId, userId);
    }

    /** Chats by id that still exist. */
    public List<ChatRow> existing(Handle h, java.util.Collection<Long> chatIds) {
        return store.chats(h, chatIds);
    }

    public List<ChatEvent> events(Handle h, long chatId, java.util.Collection<Long> seqs) {
        return store.events(h, chatId, seqs);
    }

    /** The chat as the user sees it. */
    public Chat view(Handle h, long chatId, long userId) {
        ChatRow chat = requireChat(h, chatId);
        String role = store.member(h, chatId, userId).map(m -> m.role().wire()).orElse(null);
        Long peer = chat.isPrivate() ? store.peer(h, chatId, userId).orElse(null) : null;
        if (chat.isLarge()) {
            ChatMethods.MyRights mine = role == null ? null : myRights(h, chat, userId);
            return new Chat(chat.chatId(), chat.kind(), chat.title(), null, chat.memberCount(), role, chat.seq(),
                    chat.createdAt(), false, chat.username(), chat.about(), chat.signMessages(), mine);
        }
        return new Chat(chat.chatId(), chat.kind(), chat.title(), peer, chat.memberCount(), role, chat.seq(),
                chat.createdAt(), chat.e2e());
    }

    /** A member's own rights in a large chat, as {@code chats.get} reports them (two reads by primary key). */
    private ChatMethods.MyRights myRights(Handle h, ChatRow chat, long userId) {
        long now = clock.instant().getEpochSecond();
        ModerationStore.Standing standing = moderation.standing(h, chat.chatId(), userId);
        ModerationStore.Settings settings = moderation.settings(h, chat.chatId());
        Role role = store.member(h, chat.chatId(), userId).orElseThrow().role();
        int rights = Rights.adminRights(role, standing.adminRights());
        if (role != Role.MEMBER) {
            return new ChatMethods.MyRights(Rights.adminRights(rights), null, null, settings.slowModeSeconds());
        }
        // Channels never let plain members post, pin or change info, whatever the stored default says.
        int permissions = chat.isChannel() ? 0 : Rights.memberPermissions(settings.defaultPermissions(),
                standing.restricted(), standing.restrictedUntil(), now);
        boolean restricted = standing.restricted() != null
                && (standing.restrictedUntil() == 0 || standing.restrictedUntil() > now);
        return new ChatMethods.MyRights(null, Rights.memberPermissions(permissions),
                restricted ? standing.restrictedUntil() : null, settings.slowModeSeconds());
    }

    /** Removes the user from a group with an event for everyone (owner passes on; an empty group is deleted). */
    public List<Push> leaveGroup(Handle h, long chatId, long userId, String action, long now) {
        MemberRow me = requireMember(h, chatId, userId);
        List<Push> pushes = new ArrayList<>();
        if (me.role() == Role.OWNER) {
            List<MemberRow> rest = store.members(h, chatId).stream().filter(m -> m.userId() != userId).toList();
            rest.stream().filter(m -> m.role() == Role.ADMIN).findFirst().or(() -> rest.stream().findFirst())
                    .ifPresent(heir -> pushes.addAll(changeRole(h, chatId, heir.userId(), Role.OWNER, now)));
        }
        var event = new ChatEvent.Membership(action, List.of(userId), userId);
        pushes.addAll(event(h, chatId, ChatEvent.MEMBERSHIP, event, now, membershipUpdate(chatId, event)));
        if (store.deleteMember(h, chatId, userId) == 0) {
            deleteChat(h, chatId);
        }
        return pushes;
    }

    /** Deletes a chat with everything in it; remaining members get chatDeleted. */
    public List<Push> deleteChat(Handle h, long chatId) {
        long now = now();
        List<LogEntry> entries = store.memberIds(h, chatId).stream()
                .map(u -> new LogEntry(u, UpdateKinds.CHAT_DELETED, chatId, null, null,
                        pts -> new Update.ChatDeleted(chatId, pts)))
                .toList();
        List<Push> pushes = log.append(h, now, entries);
        contentEraser.eraseChat(h, chatId);
        store.deleteChat(h, chatId);
        return pushes;
    }

    /**
     * Tells one user that a chat is gone for them (a channel subscriber who was banned: channels record no membership
     * events, so nothing else reaches them): one {@code chatDeleted} in their own update log, pushed after commit.
     */
    public List<Push> goneFor(Handle h, long chatId, long userId, long now) {
        return log.append(h, now, List.of(new LogEntry(userId, UpdateKinds.CHAT_DELETED, chatId, null, null,
                pts -> new Update.ChatDeleted(chatId, pts))));
    }

    /** The name a signed channel post carries. */
    public String displayName(long userId) {
        return users.findById(userId).map(User::displayName).orElse("");
    }

    /** Whether the account is a bot (see {@link UserDirectory#isBot}). */
    public boolean isBot(long userId) {
        return users.isBot(userId);
    }

    /** The user's membership, if any (for checks that must not reveal anything to non-members by throwing). */
    public java.util.Optional<MemberRow> member(Handle h, long chatId, long userId) {
        return store.member(h, chatId, userId);
    }

    /** Pushes a large chat's event to its online members (after commit). */
    public void publishToChat(dev.parley.server.sync.ChatPush push) {
        bus.publishToChat(push);
    }

    /** Pushes after commit and hands back the result. */
    public <T> T publish(Committed<T> done) {
        bus.publish(done.pushes());
        return done.result();
    }

    /** Renders one logged event for one member. */
    @FunctionalInterface
    public interface Renderer {
        Update render(long userId, long pts);
    }

    // ---- internals ----

    private List<Push> logEvent(Handle h, long chatId, long seq, String kind, Object payload, long now,
            List<Long> userIds, Renderer render) {
        store.insertEvent(h, chatId, seq, kind, payload == null ? null : codec.write(payload), now);
        return fanOut(h, chatId, seq, logKind(kind), userIds, now, render);
    }

    /** The update kind a chat event renders as. */
    public static String logKind(String eventKind) {
        return switch (eventKind) {
            case ChatEvent.MESSAGE -> UpdateKinds.NEW_MESSAGE;
            case ChatEvent.EDIT -> UpdateKinds.EDIT_MESSAGE;
            case ChatEvent.DELETE -> UpdateKinds.DELETE_MESSAGES;
            case ChatEvent.MEMBERSHIP -> UpdateKinds.CHAT_MEMBERSHIP;
            case ChatEvent.TITLE -> UpdateKinds.CHAT_TITLE;
            case ChatEvent.ROLE -> UpdateKinds.CHAT_ROLE;
            case ChatEvent.REACTIONS -> UpdateKinds.MESSAGE_REACTIONS;
            case ChatEvent.PIN -> UpdateKinds.PINNED_MESSAGES;
            case ChatEvent.POLL -> UpdateKinds.MESSAGE_POLL;
            default -> throw new IllegalArgumentException("unknown chat event kind " + eventKind);
        };
    }

    private List<Push> changeRole(Handle h, long chatId, long memberId, Role role, long now) {
        store.setRole(h, chatId, memberId, role);
        return event(h, chatId, ChatEvent.ROLE, new ChatEvent.RoleChange(memberId, role.wire()), now,
                (u, pts) -> new Update.ChatRole(chatId, memberId, role.wire(), pts));
    }

    private static Renderer membershipUpdate(long chatId, ChatEvent.Membership event) {
        return (u, pts) -> new Update.ChatMembership(chatId, event.action(), event.userIds(), event.actorId(), pts);
    }

    private ChatRow requireGroup(Handle h, long chatId, long userId) {
        requireMember(h, chatId, userId);
        ChatRow chat = requireChat(h, chatId);
        if (chat.isPrivate()) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "a private chat has no members to manage");
        }
        if (chat.isLarge()) {
            // Their per-member operations would fan out on write; supergroups and channels use channels.*.
            throw new ParleyException(ErrorCode.PEER_INVALID, "supergroups and channels are managed with channels.*");
        }
        return chat;
    }

    /** Membership of an encrypted group follows its MLS commits, so the plain chat methods refuse to change it. */
    private static void requireCloud(ChatRow chat) {
        if (chat.e2e()) {
            throw new ParleyException(ErrorCode.E2E_HANDSHAKE_REQUIRED,
                    "members of an end-to-end encrypted group are added and removed with e2e.sendHandshake");
        }
    }

    private MemberRow requireManager(Handle h, long chatId, long userId) {
        MemberRow member = requireMember(h, chatId, userId);
        if (!member.role().canManage()) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "only the owner and admins manage the group");
        }
        return member;
    }

    private void requireNotBlocked(Handle h, long userId, long by) {
        if (contacts.blocked(h, userId, by)) {
            throw new ParleyException(ErrorCode.USER_BLOCKED, "this user does not accept you");
        }
    }

    private Affected affected(long userId, Committed<?> done) {
        publish(done);
        long pts = done.ptsOf(userId).orElseGet(() -> database.read(h -> log.pts(h, userId)));
        return new Affected(pts, done.ptsCountOf(userId));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
