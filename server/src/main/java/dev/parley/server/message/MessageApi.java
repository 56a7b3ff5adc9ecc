package dev.parley.server.message;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.message.MessageMethods;
import dev.parley.protocol.message.ScheduledMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code messages.*} methods. */
public final class MessageApi {
    private final MessageService messages;
    private final HistoryService history;
    private final TypingService typing;
    private final ScheduledService scheduled;

    public MessageApi(MessageService messages, HistoryService history, TypingService typing,
            ScheduledService scheduled) {
        this.scheduled = scheduled;
        this.messages = messages;
        this.history = history;
        this.typing = typing;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(MessageMethods.SEND, MessageMethods.Send.class, (c, p) -> p.scheduleDate() != null
                        ? scheduled.schedule(c.userId(), p)
                        : messages.send(c.userId(), new MessageService.Draft(p.chatId(), p.text(), p.randomId(),
                                p.replyToId(), p.entities(), p.silent(), p.topicId()))),
                Method.authenticated(ScheduledMethods.GET_SCHEDULED, ScheduledMethods.GetScheduled.class,
                        (c, p) -> scheduled.list(c.userId(), p.chatId())),
                Method.authenticated(ScheduledMethods.DELETE_SCHEDULED, ScheduledMethods.ScheduledRef.class,
                        (c, p) -> {
                            scheduled.delete(c.userId(), p.chatId(), p.ids());
                            return Ok.OK;
                        }),
                Method.authenticated(ScheduledMethods.SEND_SCHEDULED_NOW, ScheduledMethods.ScheduledRef.class,
                        (c, p) -> scheduled.sendNow(c.userId(), p.chatId(), p.ids())),
                Method.authenticated(MessageMethods.FORWARD, MessageMethods.Forward.class, (c, p) -> messages.forward(
                        c.userId(), p.fromChatId(), p.ids(), p.toChatId(), p.randomIds(), p.topicId())),
                Method.authenticated(MessageMethods.EDIT, MessageMethods.Edit.class, (c, p) -> messages.edit(
                        c.userId(), p.chatId(), p.id(), p.text(), p.entities())),
                Method.authenticated(MessageMethods.DELETE, MessageMethods.Delete.class, (c, p) -> messages.delete(
                        c.userId(), p.chatId(), p.ids(), p.forEveryone())),
                Method.authenticated(MessageMethods.READ_HISTORY, MessageMethods.ReadHistory.class,
                        (c, p) -> messages.readHistory(c.userId(), p.chatId(), p.maxId())),
                Method.authenticated(MessageMethods.GET_HISTORY, MessageMethods.GetHistory.class,
                        (c, p) -> history.getHistory(c.userId(), p.chatId(), p.offsetId(), p.limit(), p.older(),
                                p.topicId())),
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
