package dev.parley.server.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.InviteMethods.CreateInvite;
import dev.parley.protocol.channel.InviteMethods.Invite;
import dev.parley.protocol.channel.InviteMethods.InviteJoin;
import dev.parley.protocol.channel.InviteMethods.Invites;
import dev.parley.protocol.channel.InviteMethods.JoinRequests;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.server.db.Database;
import dev.parley.server.sync.Bus;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Invite links of supergroups and channels: the way into private ones. A link may expire, be limited in uses, be
 * revoked, or require an admin's approval (join requests). Creating, revoking and deciding need the
 * {@code inviteUsers} admin right. Tokens are 128-bit random, so knowing a chat id gives no way in.
 */
public final class InviteService {
    private final Database database;
    private final ChatStore store;
    private final InviteStore invites;
    private final ChatService chats;
    private final ChannelService channels;
    private final ModerationService moderation;
    private final Bus bus;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public InviteService(Database database, ChatStore store, InviteStore invites, ChatService chats,
            ChannelService channels, ModerationService moderation, Bus bus, Clock clock) {
        this.database = database;
        this.store = store;
        this.invites = invites;
        this.chats = chats;
        this.channels = channels;
        this.moderation = moderation;
        this.bus = bus;
        this.clock = clock;
    }

    public Invite create(long actorId, CreateInvite p) {
        String token = newToken();
        long now = now();
        return database.write(h -> {
            requireInviter(h, p.chatId(), actorId);
            Invite invite = new Invite(token, p.chatId(), actorId, p.expireDate(), p.usageLimit(), 0,
                    p.requestNeeded(), false);
            invites.insert(h, invite, now);
            moderation.log(h, p.chatId(), actorId, "createInvite", null, Map.of("expireDate", p.expireDate(),
                    "usageLimit", p.usageLimit(), "requestNeeded", p.requestNeeded()), now);
            return invite;
        });
    }

    public void revoke(long actorId, long chatId, String token) {
        long now = now();
        database.write(h -> {
            requireInviter(h, chatId, actorId);
            if (!invites.revoke(h, chatId, token)) {
                throw new ParleyException(ErrorCode.INVITE_INVALID, "no such active link in this chat");
            }
            moderation.log(h, chatId, actorId, "revokeInvite", null, null, now);
            return null;
        });
    }

    /** Joins through a link, or files a join request when the link asks for approval. */
    public InviteJoin join(long userId, String token) {
        long now = now();
        InviteJoin result = database.write(h -> {
            Invite invite = invites.find(h, token)
                    .filter(i -> !i.revoked() && (i.expireDate() == 0 || i.expireDate() > now))
                    .orElseThrow(() -> new ParleyException(ErrorCode.INVITE_INVALID,
                            "the link is unknown, revoked or expired"));
            ChatRow chat = chats.requireChat(h, invite.chatId());
            if (store.member(h, chat.chatId(), userId).isPresent()) {
                throw new ParleyException(ErrorCode.USER_ALREADY_MEMBER, "already a member");
            }
            moderation.requireNotBanned(h, chat.chatId(), userId, now);
            if (invite.requestNeeded()) {
                invites.request(h, chat.chatId(), userId, token, now);
                return new InviteJoin("requested", null);
            }
            if (!invites.claimUse(h, token)) {
                throw new ParleyException(ErrorCode.INVITE_INVALID, "the link has been used up");
            }
            return new InviteJoin("joined", channels.admit(h, chat, userId, userId, now));
        });
        if (result.chat() != null) {
            bus.joinedChat(userId, result.chat().chatId());
            channels.announceJoin(result.chat(), userId, userId);
        }
        return result;
    }

    /** The chat's links for its inviters (every admin with inviteUsers sees every link, as they can revoke any). */
    public Invites list(long actorId, long chatId, boolean withRevoked) {
        return database.read(h -> {
            requireInviter(h, chatId, actorId);
            return new Invites(invites.list(h, chatId, withRevoked));
        });
    }

    public JoinRequests requests(long actorId, long chatId) {
        return database.read(h -> {
            requireInviter(h, chatId, actorId);
            return new JoinRequests(invites.requests(h, chatId));
        });
    }

    /** Approves (the user joins) or declines a pending request. */
    public void decide(long actorId, long chatId, long userId, boolean approve) {
        long now = now();
        Chat joined = database.write(h -> {
            requireInviter(h, chatId, actorId);
            if (!invites.removeRequest(h, chatId, userId)) {
                throw new ParleyException(ErrorCode.USER_NOT_FOUND, "no pending request from this user");
            }
            moderation.log(h, chatId, actorId, approve ? "approveJoinRequest" : "declineJoinRequest", userId, null,
                    now);
            if (!approve || store.member(h, chatId, userId).isPresent()) {
                return null;
            }
            moderation.requireNotBanned(h, chatId, userId, now);
            return channels.admit(h, chats.requireChat(h, chatId), userId, actorId, now);
        });
        if (joined != null) {
            bus.joinedChat(userId, chatId);
            channels.announceJoin(joined, userId, actorId);
        }
    }

    /**
     * 128 random bits, base64url. A token never starts with '-', so it is never taken for an option when typed on a
     * command line (redrawing the 1 in 64 that would costs a negligible fraction of a bit).
     */
    private String newToken() {
        byte[] bytes = new byte[16];
        String token;
        do {
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (token.charAt(0) == '-');
        return token;
    }

    private void requireInviter(Handle h, long chatId, long userId) {
        MemberRow member = chats.requireMember(h, chatId, userId);
        if (!chats.requireChat(h, chatId).isLarge()) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "invite links are for supergroups and channels");
        }
        moderation.requireRight(h, member, Rights.INVITE_USERS, "managing invite links");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
