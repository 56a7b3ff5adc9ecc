package dev.parley.server.chat;

import dev.parley.protocol.channel.TopicMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** {@code channels.toggleForum} and the {@code topics.*} methods. */
public final class TopicApi {
    private final TopicService topics;

    public TopicApi(TopicService topics) {
        this.topics = topics;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(TopicMethods.TOGGLE_FORUM, TopicMethods.ToggleForum.class,
                        (c, p) -> topics.toggleForum(c.userId(), p.chatId(), p.enabled())),
                Method.authenticated(TopicMethods.CREATE, TopicMethods.Create.class,
                        (c, p) -> topics.create(c.userId(), p.chatId(), p.title())),
                Method.authenticated(TopicMethods.EDIT, TopicMethods.Edit.class,
                        (c, p) -> topics.edit(c.userId(), p.chatId(), p.topicId(), p.title())),
                Method.authenticated(TopicMethods.CLOSE, TopicMethods.TopicRef.class,
                        (c, p) -> topics.setClosed(c.userId(), p.chatId(), p.topicId(), true)),
                Method.authenticated(TopicMethods.REOPEN, TopicMethods.TopicRef.class,
                        (c, p) -> topics.setClosed(c.userId(), p.chatId(), p.topicId(), false)),
                Method.authenticated(TopicMethods.LIST, TopicMethods.ListTopics.class,
                        (c, p) -> topics.list(c.userId(), p.chatId())));
    }
}
