package dev.parley.server.message;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.message.MessageMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code messages.*} methods. */
public final class MessageApi {
    private final MessageService messages;
    private final HistoryService history;
    private final TypingService typing;

    public MessageApi(MessageService messages, HistoryService history, TypingService typing) {
        this.messages = messages;
        this.history = history;
        this.typing = typing;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(MessageMethods.SEND, MessageMethods.Send.class, (c, p) -> messages.send(
                        c.userId(), p.chatId(), p.text(), p.randomId(), p.replyToId(), p.entities())),
                Method.authenticated(MessageMethods.FORWARD, MessageMethods.Forward.class, (c, p) -> messages.forward(
                        c.userId(), p.fromChatId(), p.ids(), p.toChatId(), p.randomIds())),
                Method.authenticated(MessageMethods.EDIT, MessageMethods.Edit.class, (c, p) -> messages.edit(
                        c.userId(), p.chatId(), p.id(), p.text(), p.entities())),
                Method.authenticated(MessageMethods.DELETE, MessageMethods.Delete.class, (c, p) -> messages.delete(
                        c.userId(), p.chatId(), p.ids(), p.forEveryone())),
                Method.authenticated(MessageMethods.READ_HISTORY, MessageMethods.ReadHistory.class,
                        (c, p) -> messages.readHistory(c.userId(), p.chatId(), p.maxId())),
                Method.authenticated(MessageMethods.GET_HISTORY, MessageMethods.GetHistory.class,
                        (c, p) -> history.getHistory(c.userId(), p.chatId(), p.offsetId(), p.limit(), p.older())),
                Method.authenticated(MessageMethods.SEARCH, MessageMethods.Search.class,
                        (c, p) -> history.search(c.userId(), p.chatId(), p.query(), p.limit())),
                Method.authenticated(MessageMethods.GET_DIALOGS, MessageMethods.GetDialogs.class,
                        (c, p) -> history.getDialogs(c.userId(), p.offset(), p.limit())),
                Method.authenticated(MessageMethods.SET_TYPING, MessageMethods.SetTyping.class, (c, p) -> {
                    typing.setTyping(c.userId(), p.chatId());
                    return Ok.OK;
                }));
    }
}
