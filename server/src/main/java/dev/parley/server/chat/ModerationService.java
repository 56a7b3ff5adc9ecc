package dev.parley.server.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods.ChannelBatch;
import dev.parley.protocol.channel.ModerationMethods.AdminLog;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import dev.parley.protocol.sync.Update;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.ChatPush;
import dev.parley.server.sync.Push;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Rights and moderation of supergroups and channels: admins with Telegram's rights, default member permissions,
 * restrictions and bans with expiry, slow mode, and the admin log of every such action. Also the checks other
 * services run inside their transactions (may this member post, edit or delete others' messages, rejoin).
 * Expiry is honoured when checked (a lapsed restriction simply stops applying; a lapsed ban row is removed on rejoin),
 * so no timer is needed and a restart changes nothing.
 */
public final class ModerationService {
    private final Database database;
    private final ChatStore store;
    private final ModerationStore moderation;
    private final ChatService chats;
    private final IdGenerator ids;
    private final Bus bus;
    private final JsonCodec codec;
    private final Clock clock;

    public ModerationService(Database database, ChatStore store, ModerationStore moderation, ChatService chats,
            IdGenerator ids, Bus bus, JsonCodec codec, Clock clock) {
        this.database = database;
        this.store = store;
        this.moderation = moderation;
        this.chats = chats;
        this.ids = ids;
        this.bus = bus;
        this.codec = codec;
        this.clock = clock;
    }

    // ---- methods ----

    /**
     * Appoints, changes or (all rights false) demotes an admin. A bot account that is not a member is added as an
     * admin (as Telegram adds bots to channels): people join themselves, but a bot has no one to consent for it, and
     * its owner gave it away to be added. Adding a bot needs at least one right, and the rules of appointing apply.
     */
    public void setAdmin(long actorId, long chatId, long userId, AdminRights rights) {
        long now = now();
        Appointed done = database.write(h -> {
            MemberRow me = requireLargeMember(h, chatId, actorId);
            int mine = adminRights(h, me);
            requireRight(mine, Rights.ADD_ADMINS, "appointing admins");
            int mask = Rights.mask(rights);
            var existing = store.member(h, chatId, userId);
            boolean addBot = existing.isEmpty() && chats.isBot(userId);
            if (existing.isEmpty() && !addBot) {
                throw new ParleyException(ErrorCode.USER_NOT_MEMBER, "not a member");
            }
            Role current = existing.map(MemberRow::role).orElse(Role.MEMBER);
            if (current == Role.OWNER || userId == actorId) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "the owner's and your own rights cannot change");
            }
            if (me.role() != Role.OWNER && (current == Role.ADMIN || (mask & ~mine) != 0)) {
                throw new ParleyException(ErrorCode.FORBIDDEN,
                        "only the owner changes other admins or grants rights the granter lacks");
            }
            Role role = mask == 0 ? Role.MEMBER : Role.ADMIN;
            if (addBot) {
                admitBot(h, chatId, userId, actorId, mask, now);
            } else {
                store.setRole(h, chatId, userId, role);
            }
            moderation.setAdminRights(h, chatId, userId, mask);
            long seq = chats.largeEvent(h, chatId, ChatEvent.ROLE, new ChatEvent.RoleChange(userId, role.wire()),
                    now);
            log(h, chatId, actorId, "setAdmin", userId, rights, now);
            ChannelBatch batch = new ChannelBatch(chatId, List.of(new Update.ChatRole(chatId, userId, role.wire(),
                    seq)), seq, 1);
            return new Appointed(addBot, new ChatPush(chatId, batch, actorId, batch));
        });
        if (done.botAdded()) {
            bus.joinedChat(userId, chatId);
        }
        // Online members (and bots in the chat, whose update queue follows its pushes) learn of the new role now.
        bus.publishToChat(done.push());
    }

    private record Appointed(boolean botAdded, ChatPush push) {}

    /** Makes a bot an admin of a chat it was not in; the caller checked the appointer's rights. */
    private void admitBot(Handle h, long chatId, long botId, long actorId, int mask, long now) {
        if (mask == 0) {
            throw new ParleyException(ErrorCode.BAD_REQUEST, "a bot is added with at least one admin right");
        }
        ChatRow chat = chats.requireChat(h, chatId);
        if (!chat.isChannel() && chat.memberCount() >= ChannelService.SUPERGROUP_MAX_MEMBERS) {
            throw new ParleyException(ErrorCode.MEMBER_LIMIT_REACHED,
                    "a supergroup has at most " + ChannelService.SUPERGROUP_MAX_MEMBERS + " members");
        }
        requireNotBanned(h, chatId, botId, now);
        // History is visible to admins, and what was posted before does not count as unread.
        store.insertMember(h, chatId, botId, Role.ADMIN, now, 0, chat.lastMessageId());
        if (!chat.isChannel()) {
            chats.largeEvent(h, chatId, ChatEvent.MEMBERSHIP,
                    new ChatEvent.Membership("added", List.of(botId), actorId), now);
        }
    }

    public void setDefaultPermissions(long actorId, long chatId, MemberPermissions permissions) {
        long now = now();
        database.write(h -> {
            requireRight(adminRights(h, requireLargeMember(h, chatId, actorId)), Rights.BAN_USERS,
                    "setting member permissions");
            moderation.setDefaultPermissions(h, chatId, Rights.mask(permissions));
            log(h, chatId, actorId, "setDefaultPermissions", null, permissions, now);
            return null;
        });
    }

    /** Removes the user (if a member) and keeps them out until {@code untilDate} (0 = forever). */
    public void ban(long actorId, long chatId, long userId, long untilDate) {
        long now = now();
        ChatPush[] push = new ChatPush[1];
        List<Push> gone = new java.util.ArrayList<>(1);
        boolean removed = database.write(h -> {
            gone.clear();
            MemberRow me = requireLargeMember(h, chatId, actorId);
            requireRight(adminRights(h, me), Rights.BAN_USERS, "banning");
            requireNotSelf(actorId, userId);
            var target = store.member(h, chatId, userId);
            if (target.isPresent()) {
                requireOutranks(me, target.get());
                if (!chats.requireChat(h, chatId).isChannel()) {
                    long seq = chats.largeEvent(h, chatId, ChatEvent.MEMBERSHIP,
                            new ChatEvent.Membership("removed", List.of(userId), actorId), now);
                    ChannelBatch batch = new ChannelBatch(chatId, List.of(new Update.ChatMembership(chatId, "removed",
                            List.of(userId), actorId, seq)), seq, 1);
                    push[0] = new ChatPush(chatId, batch, actorId, batch);
                } else {
                    // A channel has no membership events; only the banned subscriber hears of it, in their own log.
                    gone.addAll(chats.goneFor(h, chatId, userId, now));
                }
                store.deleteMember(h, chatId, userId);
            }
            moderation.ban(h, chatId, userId, untilDate, actorId, now);
            log(h, chatId, actorId, "ban", userId, Map.of("untilDate", untilDate), now);
            return target.isPresent();
        });
        // Pushed before the banned user's connections leave the chat's audience, so their client drops it too.
        if (push[0] != null) {
            bus.publishToChat(push[0]);
        }
        bus.publish(gone);
        if (removed) {
            bus.leftChat(userId, chatId);
        }
    }

    public void unban(long actorId, long chatId, long userId) {
        long now = now();
        database.write(h -> {
            requireRight(adminRights(h, requireLargeMember(h, chatId, actorId)), Rights.BAN_USERS, "unbanning");
            if (!moderation.unban(h, chatId, userId)) {
                throw new ParleyException(ErrorCode.CHAT_NOT_MODIFIED, "the user is not banned");
            }
            log(h, chatId, actorId, "unban", userId, null, now);
            return null;
        });
    }

    /** Leaves a plain member only {@code permissions} (narrowing the chat default) until {@code untilDate}. */
    public void restrict(long actorId, long chatId, long userId, MemberPermissions permissions, long untilDate) {
        long now = now();
        database.write(h -> {
            MemberRow me = requireLargeMember(h, chatId, actorId);
            requireRight(adminRights(h, me), Rights.BAN_USERS, "restricting");
            requireNotSelf(actorId, userId);
            // A channel subscriber who commented in this discussion group is restricted like a member.
            var member = store.member(h, chatId, userId);
            if (member.isEmpty() && !moderation.isCommenter(h, chatId, userId)) {
                throw new ParleyException(ErrorCode.USER_NOT_MEMBER, "neither a member nor a commenter");
            }
            if (member.isPresent() && member.get().role() != Role.MEMBER) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "admins are demoted before they are restricted");
            }
            moderation.restrict(h, chatId, userId, Rights.mask(permissions), untilDate);
            log(h, chatId, actorId, "restrict", userId, Map.of("permissions", permissions, "untilDate", untilDate),
                    now);
            return null;
        });
    }

    public void setSlowMode(long actorId, long chatId, int seconds) {
        long now = now();
        database.write(h -> {
            requireRight(adminRights(h, requireLargeMember(h, chatId, actorId)), Rights.BAN_USERS,
                    "setting slow mode");
            if (chats.requireChat(h, chatId).isChannel()) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "slow mode is for supergroups");
            }
            moderation.setSlowMode(h, chatId, seconds);
            log(h, chatId, actorId, "setSlowMode", null, Map.of("seconds", seconds), now);
            return null;
        });
    }

    /** The newest moderation actions first; for admins (any right) and the owner. */
    public AdminLog getAdminLog(long actorId, long chatId, int limit) {
        return database.read(h -> {
            if (adminRights(h, requireLargeMember(h, chatId, actorId)) == 0) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "only admins read the admin log");
            }
            return new AdminLog(moderation.adminLog(h, chatId, limit));
        });
    }

    // ---- checks for other services, inside their transactions ----

    /** The member's admin rights (all for the owner, none for plain members). */
    public int adminRights(Handle h, MemberRow member) {
        return Rights.adminRights(member.role(), moderation.standing(h, member.chatId(), member.userId()).adminRights());
    }

    /**
     * Whether the member may post now: in a channel with the post right; in a supergroup admins always, plain members
     * with the send permission (default narrowed by an active restriction) and outside their slow-mode wait.
     * Records the post time when slow mode applies.
     */
    public void requireMayPost(Handle h, ChatRow chat, MemberRow member, long now) {
        requireMayPost(h, chat, member, now, true);
    }

    /**
     * As above; {@code slowMode} false skips the slow-mode wait (a scheduled message was accepted under the rules when
     * it was scheduled, and dropping it at delivery for an unrelated recent post would lose it).
     */
    public void requireMayPost(Handle h, ChatRow chat, MemberRow member, long now, boolean slowMode) {
        ModerationStore.Standing standing = moderation.standing(h, chat.chatId(), member.userId());
        int rights = Rights.adminRights(member.role(), standing.adminRights());
        if (chat.isChannel()) {
            requireRight(rights, Rights.POST_MESSAGES, "posting in a channel");
            return;
        }
        if (rights != 0) {
            return;
        }
        ModerationStore.Settings settings = moderation.settings(h, chat.chatId());
        int permissions = Rights.memberPermissions(settings.defaultPermissions(), standing.restricted(),
                standing.restrictedUntil(), now);
        if (!Rights.has(permissions, Rights.SEND_MESSAGES)) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "you may not send messages in this chat");
        }
        int slow = settings.slowModeSeconds();
        if (slow > 0 && slowMode) {
            long waited = now - standing.lastPostAt();
            if (standing.lastPostAt() > 0 && waited < slow) {
                int retryAfter = (int) (slow - waited);
                throw new ParleyException(ErrorCode.SLOWMODE_WAIT,
                        "slow mode: wait " + retryAfter + " s before your next message", retryAfter);
            }
            moderation.posted(h, chat.chatId(), member.userId(), now);
        }
    }

    /**
     * FORBIDDEN unless the member may do something guarded both by an admin right and by a member permission
     * (pinning, changing chat info): admins and the owner by the right; in supergroups plain members by the
     * permission (the chat default narrowed by an active restriction); in channels plain members never.
     */
    public void requireRightOrPermission(Handle h, ChatRow chat, MemberRow member, int adminRight, int permission,
            long now, String what) {
        ModerationStore.Standing standing = moderation.standing(h, chat.chatId(), member.userId());
        int rights = Rights.adminRights(member.role(), standing.adminRights());
        if (rights != 0 || chat.isChannel()) {
            requireRight(rights, adminRight, what);
            return;
        }
        int permissions = Rights.memberPermissions(moderation.settings(h, chat.chatId()).defaultPermissions(),
                standing.restricted(), standing.restrictedUntil(), now);
        if (!Rights.has(permissions, permission)) {
            throw new ParleyException(ErrorCode.FORBIDDEN, what + " is not permitted to members here");
        }
    }

    /** FORBIDDEN unless the member holds the right (editing or deleting others' messages). */
    public void requireRight(Handle h, MemberRow member, int right, String what) {
        requireRight(adminRights(h, member), right, what);
    }

    /** USER_BANNED while a ban lasts; a lapsed ban is removed. */
    public void requireNotBanned(Handle h, long chatId, long userId, long now) {
        var until = moderation.banUntil(h, chatId, userId);
        if (until.isPresent()) {
            if (until.get() == 0 || until.get() > now) {
                throw new ParleyException(ErrorCode.USER_BANNED, "you are banned from this chat");
            }
            moderation.unban(h, chatId, userId);
        }
    }

    /**
     * Who most recently took {@code action} (an admin-log action such as {@code ban}) on the user, among the chat's
     * latest 100 log entries; for a feature that must name the actor to someone who can no longer read the log.
     */
    public java.util.Optional<Long> lastActor(Handle h, long chatId, String action, long userId) {
        return moderation.adminLog(h, chatId, 100).stream()
                .filter(e -> e.action().equals(action) && Long.valueOf(userId).equals(e.userId()))
                .map(dev.parley.protocol.channel.ModerationMethods.AdminLogEntry::actorId).findFirst();
    }

    /** Whether a ban keeps the user out now (a read-only check; an expired ban does not count). */
    public boolean banned(Handle h, long chatId, long userId, long now) {
        return moderation.banUntil(h, chatId, userId).map(until -> until == 0 || until > now).orElse(false);
    }

    /**
     * Records a commenter (a channel subscriber commenting in the discussion group without joining it), so that a
     * restriction and slow mode have a row to bind; USER_BANNED while a ban of the group lasts.
     */
    public void admitCommenter(Handle h, long groupId, long userId, long now) {
        requireNotBanned(h, groupId, userId, now);
        moderation.addCommenter(h, groupId, userId, now);
    }

    /** Whether the user commented in the group without being a member (and is not banned from it now). */
    public boolean isCommenter(Handle h, long groupId, long userId, long now) {
        return moderation.isCommenter(h, groupId, userId) && !banned(h, groupId, userId, now);
    }

    /** A commenter who joins keeps their restriction and slow-mode clock as a member. */
    void adoptCommenter(Handle h, long chatId, long userId) {
        moderation.adoptCommenter(h, chatId, userId);
    }

    /** Account erasure: the user's commenter rows in every group. */
    public void eraseCommenter(Handle h, long userId) {
        moderation.eraseCommenter(h, userId);
    }

    /** A converted group's admins keep managing it: every right but appointing admins. */
    public void grantConvertedAdmins(Handle h, long chatId) {
        moderation.grantAllAdmins(h, chatId, Rights.CONVERTED_ADMIN);
    }

    public void log(Handle h, long chatId, long actorId, String action, Long userId, Object details, long now) {
        moderation.log(h, chatId, ids.next(), actorId, action, userId, details == null ? null : codec.write(details),
                now);
    }

    // ---- internals ----

    private MemberRow requireLargeMember(Handle h, long chatId, long userId) {
        MemberRow member = chats.requireMember(h, chatId, userId);
        if (!chats.requireChat(h, chatId).isLarge()) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "rights and moderation are for supergroups and channels");
        }
        return member;
    }

    private MemberRow requireTarget(Handle h, long chatId, long userId) {
        return store.member(h, chatId, userId)
                .orElseThrow(() -> new ParleyException(ErrorCode.USER_NOT_MEMBER, "not a member"));
    }

    private static void requireRight(int rights, int right, String what) {
        if (!Rights.has(rights, right)) {
            throw new ParleyException(ErrorCode.FORBIDDEN, what + " needs an admin right you do not hold");
        }
    }

    private static void requireNotSelf(long actorId, long userId) {
        if (actorId == userId) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "not on yourself");
        }
    }

    /** The owner acts on anyone; admins on plain members only. */
    private static void requireOutranks(MemberRow actor, MemberRow target) {
        if (!actor.role().outranks(target.role())) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "only the owner acts on admins; nobody on the owner");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
