package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.bot.BotMethods;
import dev.parley.protocol.bot.BotMethods.ButtonAnswer;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.message.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The user side of bot keyboards: reading the reply markup of bot messages ({@code bots.getReplyMarkup}) and pressing
 * an inline button ({@code messages.pressButton}), which queues a {@code callback_query} update for the bot and waits
 * (bounded) for its answerCallbackQuery.
 */
public final class ButtonService {
    /** How long a press waits for the bot's answer; Telegram clients give up after about as long. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final BotStore store;
    private final TelegramRenderer render;
    private final BotUpdates updates;
    private final CallbackAnswers callbacks;
    private final TelegramJson json;
    private final Clock clock;

    ButtonService(BotStore store, TelegramRenderer render, BotUpdates updates, CallbackAnswers callbacks,
            TelegramJson json, Clock clock) {
        this.store = store;
        this.render = render;
        this.updates = updates;
        this.callbacks = callbacks;
        this.json = json;
        this.clock = clock;
    }

    public BotMethods.Markups replyMarkups(long userId, long chatId, List<Long> messageIds) {
        render.chat(userId, chatId);
        return new BotMethods.Markups(store.markups(chatId, messageIds).stream()
                .map(row -> new BotMethods.Markup(row.messageId(), row.botId(), json.read(row.markup(),
                        "reply_markup")))
                .toList());
    }

    public ButtonAnswer press(long userId, long chatId, long messageId, String data) {
        ChatMethods.Chat chat = render.chat(userId, chatId);
        Message message = render.find(userId, chatId, messageId)
                .orElseThrow(() -> new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message not found"));
        BotStore.MarkupRow markup = store.markups(chatId, List.of(messageId)).stream().findFirst()
                .orElseThrow(() -> new ParleyException(ErrorCode.BUTTON_INVALID, "this message has no buttons"));
        JsonNode keyboard = json.read(markup.markup(), "reply_markup");
        if (!ReplyMarkups.hasCallback(keyboard, data)) {
            throw new ParleyException(ErrorCode.BUTTON_INVALID, "no button of this message has that data");
        }
        long botId = markup.botId();
        // The bot sees the message as it sees it (it must still be in the chat to receive the query).
        Message asBot = render.find(botId, chatId, messageId).orElse(message);
        Tg.Chat botChat = render.chat(render.chat(botId, chatId));
        String queryId = callbacks.open(botId);
        Tg.CallbackQuery query = new Tg.CallbackQuery(queryId, render.user(userId),
                render.message(asBot, botChat, null), Long.toString(chat.chatId()), data);
        try {
            store.appendDirect(botId, List.of(new BotStore.NewUpdate("callback_query",
                    id -> json.write(new Tg.Update(id, null, null, query, null, null)))),
                    clock.instant().getEpochSecond());
        } catch (RuntimeException e) {
            callbacks.cancel(queryId);
            throw e;
        }
        updates.signal(botId);
        return callbacks.await(queryId, ANSWER_TIMEOUT);
    }
}
