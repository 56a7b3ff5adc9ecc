package dev.parley.server.chat;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.channel.ModerationMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The rights and moderation methods of supergroups and channels ({@code chats.setAdmin}, …). */
public final class ModerationApi {
    private final ModerationService moderation;

    public ModerationApi(ModerationService moderation) {
        this.moderation = moderation;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(ModerationMethods.SET_ADMIN, ModerationMethods.SetAdmin.class, (c, p) -> {
                    moderation.setAdmin(c.userId(), p.chatId(), p.userId(), p.rights());
                    return Ok.OK;
                }),
                Method.authenticated(ModerationMethods.SET_DEFAULT_PERMISSIONS,
                        ModerationMethods.SetDefaultPermissions.class, (c, p) -> {
                            moderation.setDefaultPermissions(c.userId(), p.chatId(), p.permissions());
                            return Ok.OK;
                        }),
                Method.authenticated(ModerationMethods.BAN_MEMBER, ModerationMethods.BanMember.class, (c, p) -> {
                    moderation.ban(c.userId(), p.chatId(), p.userId(), p.untilDate());
                    return Ok.OK;
                }),
                Method.authenticated(ModerationMethods.UNBAN_MEMBER, ModerationMethods.UnbanMember.class, (c, p) -> {
                    moderation.unban(c.userId(), p.chatId(), p.userId());
                    return Ok.OK;
                }),
                Method.authenticated(ModerationMethods.RESTRICT_MEMBER, ModerationMethods.RestrictMember.class,
                        (c, p) -> {
                            moderation.restrict(c.userId(), p.chatId(), p.userId(), p.permissions(), p.untilDate());
                            return Ok.OK;
                        }),
                Method.authenticated(ModerationMethods.SET_SLOW_MODE, ModerationMethods.SetSlowMode.class, (c, p) -> {
                    moderation.setSlowMode(c.userId(), p.chatId(), p.seconds());
                    return Ok.OK;
                }),
                Method.authenticated(ModerationMethods.GET_ADMIN_LOG, ModerationMethods.GetAdminLog.class,
                        (c, p) -> moderation.getAdminLog(c.userId(), p.chatId(), p.limit())));
    }
}
