package dev.parley.client;

import dev.parley.protocol.account.AuthMethods.Empty;
import dev.parley.protocol.bot.BotMethods;
import java.util.List;

/**
 * The owner's {@code bots.*} methods of docs/protocol/bots.md; obtained from {@link ParleyClient#bots()}. The token in
 * a {@link BotMethods.Created} is shown only once: the server keeps only its hash.
 */
public final class Bots {
    private final ParleyClient client;

    Bots(ParleyClient client) {
        this.client = client;
    }

    /** {@code bots.create}: {@code username} must end in "bot"; {@code name} is the bot's display name. */
    public BotMethods.Created create(String username, String name) {
        return client.call(BotMethods.CREATE, new BotMethods.Create(username, name), BotMethods.Created.class);
    }

    /** {@code bots.list}: the caller's bots, oldest first. */
    public BotMethods.Bots list() {
        return client.call(BotMethods.LIST, new Empty(), BotMethods.Bots.class);
    }

    /** {@code bots.revokeToken}: the old token stops working at once; returns the new one. */
    public BotMethods.Created revokeToken(long botUserId) {
        return client.call(BotMethods.REVOKE_TOKEN, new BotMethods.BotRef(botUserId), BotMethods.Created.class);
    }

    /** {@code bots.getCommands}: any user may ask, so clients can suggest a bot's {@code /commands}. */
    public BotMethods.Commands getCommands(long botUserId) {
        return client.call(BotMethods.GET_COMMANDS, new BotMethods.BotRef(botUserId), BotMethods.Commands.class);
    }

    /** {@code bots.getReplyMarkup}: the keyboards bots attached to 1–100 messages; messages without one are absent. */
    public BotMethods.Markups getReplyMarkup(long chatId, List<Long> messageIds) {
        return client.call(BotMethods.GET_REPLY_MARKUP, new BotMethods.GetReplyMarkup(chatId, messageIds),
                BotMethods.Markups.class);
    }

    /** {@code messages.pressButton}: waits (up to 10 s on the server) for the bot's callback answer. */
    public BotMethods.ButtonAnswer pressButton(long chatId, long messageId, String data) {
        return client.call(BotMethods.PRESS_BUTTON, new BotMethods.PressButton(chatId, messageId, data),
                BotMethods.ButtonAnswer.class);
    }
}
