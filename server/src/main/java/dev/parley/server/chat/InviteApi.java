package dev.parley.server.chat;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.channel.InviteMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** Invite links and join requests: {@code chats.createInvite}, {@code channels.joinByInvite}, … */
public final class InviteApi {
    private final InviteService invites;

    public InviteApi(InviteService invites) {
        this.invites = invites;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(InviteMethods.CREATE_INVITE, InviteMethods.CreateInvite.class,
                        (c, p) -> invites.create(c.userId(), p)),
                Method.authenticated(InviteMethods.REVOKE_INVITE, InviteMethods.InviteRef.class, (c, p) -> {
                    invites.revoke(c.userId(), p.chatId(), p.token());
                    return Ok.OK;
                }),
                Method.authenticated(InviteMethods.GET_INVITES, InviteMethods.GetInvites.class,
                        (c, p) -> invites.list(c.userId(), p.chatId(), p.revoked())),
                Method.authenticated(InviteMethods.JOIN_BY_INVITE, InviteMethods.JoinByInvite.class,
                        (c, p) -> invites.join(c.userId(), p.token())),
                Method.authenticated(InviteMethods.GET_JOIN_REQUESTS, InviteMethods.GetJoinRequests.class,
                        (c, p) -> invites.requests(c.userId(), p.chatId())),
                Method.authenticated(InviteMethods.DECIDE_JOIN_REQUEST, InviteMethods.DecideJoinRequest.class,
                        (c, p) -> {
                            invites.decide(c.userId(), p.chatId(), p.userId(), p.approve());
                            return Ok.OK;
                        }));
    }
}
