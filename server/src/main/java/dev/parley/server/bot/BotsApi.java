package dev.parley.server.bot;

import dev.parley.protocol.account.AuthMethods.Empty;
import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.bot.BotMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The user-side protocol methods for bots (docs/protocol/bots.md). */
public final class BotsApi {
    private final BotService bots;
    private final ButtonService buttons;

    public BotsApi(BotService bots, ButtonService buttons) {
        this.bots = bots;
        this.buttons = buttons;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(BotMethods.CREATE, BotMethods.Create.class,
                        (c, p) -> bots.create(c.userId(), p.username(), p.name())),
                Method.authenticated(BotMethods.LIST, Empty.class, (c, p) -> bots.list(c.userId())),
                Method.authenticated(BotMethods.REVOKE_TOKEN, BotMethods.BotRef.class,
                        (c, p) -> bots.revokeToken(c.userId(), p.botUserId())),
                Method.authenticated(BotMethods.SET_PRIVACY, BotMethods.SetPrivacy.class, (c, p) -> {
                    bots.setPrivacy(c.userId(), p.botUserId(), p.enabled());
                    return Ok.OK;
                }),
                Method.authenticated(BotMethods.GET_COMMANDS, BotMethods.BotRef.class,
                        (c, p) -> bots.commands(p.botUserId())),
                Method.authenticated(BotMethods.GET_REPLY_MARKUP, BotMethods.GetReplyMarkup.class,
                        (c, p) -> buttons.replyMarkups(c.userId(), p.chatId(), p.messageIds())),
                Method.authenticated(BotMethods.PRESS_BUTTON, BotMethods.PressButton.class,
                        (c, p) -> buttons.press(c.userId(), p.chatId(), p.messageId(), p.data())));
    }
}
