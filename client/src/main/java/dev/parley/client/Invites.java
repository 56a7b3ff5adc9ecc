package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.channel.InviteMethods;
import dev.parley.protocol.channel.InviteMethods.Invite;
import dev.parley.protocol.channel.InviteMethods.InviteJoin;
import dev.parley.protocol.channel.InviteMethods.JoinRequest;
import java.util.List;

/**
 * Invite links of supergroups and channels and their join requests (docs/protocol/channels.md, "Invite links");
 * obtained from {@link ParleyClient#invites()}. Creating a link makes a new one each time, so {@link #create} is not
 * re-sent after a lost reply (it fails with {@code UNAVAILABLE}: list the links to see whether it was made); the
 * other calls are harmless to repeat.
 */
public final class Invites {
    private final ParleyClient client;

    Invites(ParleyClient client) {
        this.client = client;
    }

    /**
     * {@code chats.createInvite}: {@code expireDate} Unix seconds (null: never), {@code usageLimit} joins (null:
     * unlimited), {@code requestNeeded}: joiners wait for an admin's approval.
     */
    public Invite create(long chatId, Long expireDate, Integer usageLimit, boolean requestNeeded) {
        return client.callOnce(InviteMethods.CREATE_INVITE, new InviteMethods.CreateInvite(chatId, expireDate,
                usageLimit, requestNeeded), Invite.class);
    }

    public void revoke(long chatId, String token) {
        client.call(InviteMethods.REVOKE_INVITE, new InviteMethods.InviteRef(chatId, token), JsonNode.class);
    }

    /** {@code chats.getInvites}: newest first; {@code withRevoked} also lists revoked links. */
    public List<Invite> list(long chatId, boolean withRevoked) {
        return client.call(InviteMethods.GET_INVITES, new InviteMethods.GetInvites(chatId, withRevoked),
                InviteMethods.Invites.class).invites();
    }

    /** {@code channels.joinByInvite}: joins, or files a join request ({@code status} tells which). */
    public InviteJoin join(String token) {
        return client.call(InviteMethods.JOIN_BY_INVITE, new InviteMethods.JoinByInvite(token), InviteJoin.class);
    }

    /** {@code chats.getJoinRequests}: pending requests, oldest first. */
    public List<JoinRequest> requests(long chatId) {
        return client.call(InviteMethods.GET_JOIN_REQUESTS, new InviteMethods.GetJoinRequests(chatId),
                InviteMethods.JoinRequests.class).requests();
    }

    public void approve(long chatId, long userId) {
        decide(chatId, userId, true);
    }

    public void decline(long chatId, long userId) {
        decide(chatId, userId, false);
    }

    private void decide(long chatId, long userId, boolean approve) {
        client.call(InviteMethods.DECIDE_JOIN_REQUEST, new InviteMethods.DecideJoinRequest(chatId, userId, approve),
                JsonNode.class);
    }
}
