package dev.parley.server.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.TopicMethods;
import dev.parley.protocol.channel.TopicMethods.Topic;
import dev.parley.protocol.channel.TopicMethods.Topics;
import dev.parley.server.db.Database;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Forum mode of supergroups: topics that messages are posted into. Turning forum mode on needs {@code changeInfo};
 * creating topics is open to members who may post (admins with {@code manageTopics} always); editing, closing and
 * reopening a topic is its creator's or a {@code manageTopics} admin's. Messages of a forum always carry a topic:
 * the General topic (id 1) unless the sender names one or replies into one.
 */
public final class TopicService {
    private final Database database;
    private final TopicStore store;
    private final ChatService chats;
    private final ModerationService moderation;
    private final Clock clock;

    public TopicService(Database database, TopicStore store, ChatService chats, ModerationService moderation,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.chats = chats;
        this.moderation = moderation;
        this.clock = clock;
    }

    public Topics toggleForum(long actorId, long chatId, boolean enabled) {
        long now = now();
        return database.write(h -> {
            MemberRow member = requireSupergroupMember(h, chatId, actorId);
            moderation.requireRight(h, member, Rights.CHANGE_INFO, "turning forum mode on or off");
            store.setForum(h, chatId, enabled);
            if (enabled && store.find(h, chatId, TopicMethods.GENERAL_TOPIC_ID).isEmpty()) {
                store.insert(h, chatId, TopicMethods.GENERAL_TOPIC_ID, "General", actorId, now);
            }
            moderation.log(h, chatId, actorId, "toggleForum", null, Map.of("enabled", enabled), now);
            return new Topics(enabled, store.list(h, chatId));
        });
    }

    public Topic create(long actorId, long chatId, String title) {
        long now = now();
        return database.write(h -> {
            MemberRow member = requireForumMember(h, chatId, actorId);
            if (moderation.adminRights(h, member) == 0) {
                // Plain members create topics where they may post (permission, restriction; no slow-mode wait).
                moderation.requireMayPost(h, chats.requireChat(h, chatId), member, now, false);
            }
            long topicId = store.nextTopicId(h, chatId);
            store.insert(h, chatId, topicId, title, actorId, now);
            return store.find(h, chatId, topicId).orElseThrow();
        });
    }

    public Topic edit(long actorId, long chatId, long topicId, String title) {
        return database.write(h -> {
            requireManageable(h, chatId, topicId, actorId);
            store.rename(h, chatId, topicId, title);
            return store.find(h, chatId, topicId).orElseThrow();
        });
    }

    public Topic setClosed(long actorId, long chatId, long topicId, boolean closed) {
        long now = now();
        return database.write(h -> {
            Topic topic = requireManageable(h, chatId, topicId, actorId);
            if (topicId == TopicMethods.GENERAL_TOPIC_ID && closed) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "the General topic cannot be closed");
            }
            if (topic.closed() == closed) {
                throw new ParleyException(ErrorCode.CHAT_NOT_MODIFIED, closed ? "already closed" : "already open");
            }
            store.setClosed(h, chatId, topicId, closed);
            moderation.log(h, chatId, actorId, closed ? "closeTopic" : "reopenTopic", null,
                    Map.of("topicId", topicId), now);
            return store.find(h, chatId, topicId).orElseThrow();
        });
    }

    public Topics list(long userId, long chatId) {
        return database.read(h -> {
            requireSupergroupMember(h, chatId, userId);
            return new Topics(store.isForum(h, chatId), store.list(h, chatId));
        });
    }

    // ---- for messages, inside their transactions ----

    /**
     * The topic a new message goes into: null outside forums (a named topic there is TOPIC_NOT_FOUND); in a forum the
     * named topic, else the replied-to message's, else General. A closed topic takes posts only from
     * {@code manageTopics} admins (TOPIC_CLOSED).
     */
    public Long topicFor(Handle h, ChatRow chat, MemberRow member, Long topicId, Long replyTopicId) {
        boolean forum = chat.isLarge() && store.isForum(h, chat.chatId());
        if (!forum) {
            if (topicId != null) {
                throw new ParleyException(ErrorCode.TOPIC_NOT_FOUND, "this chat has no topics");
            }
            return null;
        }
        long id = topicId != null ? topicId : replyTopicId != null ? replyTopicId : TopicMethods.GENERAL_TOPIC_ID;
        Topic topic = requireTopic(h, chat.chatId(), id);
        if (topic.closed() && !Rights.has(moderation.adminRights(h, member), Rights.MANAGE_TOPICS)) {
            throw new ParleyException(ErrorCode.TOPIC_CLOSED, "the topic is closed");
        }
        return id;
    }

    /** TOPIC_NOT_FOUND unless the chat is a forum with that topic (for history per topic). */
    public void requireTopic(Handle h, long chatId, long topicId, long userId) {
        chats.requireMember(h, chatId, userId);
        if (!store.isForum(h, chatId)) {
            throw new ParleyException(ErrorCode.TOPIC_NOT_FOUND, "this chat has no topics");
        }
        requireTopic(h, chatId, topicId);
    }

    // ---- internals ----

    private Topic requireTopic(Handle h, long chatId, long topicId) {
        return store.find(h, chatId, topicId)
                .orElseThrow(() -> new ParleyException(ErrorCode.TOPIC_NOT_FOUND, "no such topic"));
    }

    private MemberRow requireSupergroupMember(Handle h, long chatId, long userId) {
        MemberRow member = chats.requireMember(h, chatId, userId);
        if (!ChannelMethods.KIND_SUPERGROUP.equals(chats.requireChat(h, chatId).kind())) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "topics are for supergroups");
        }
        return member;
    }

    private MemberRow requireForumMember(Handle h, long chatId, long userId) {
        MemberRow member = requireSupergroupMember(h, chatId, userId);
        if (!store.isForum(h, chatId)) {
            throw new ParleyException(ErrorCode.TOPIC_NOT_FOUND, "forum mode is off in this chat");
        }
        return member;
    }

    /** The topic, if the actor created it or holds manageTopics. */
    private Topic requireManageable(Handle h, long chatId, long topicId, long actorId) {
        MemberRow member = requireForumMember(h, chatId, actorId);
        Topic topic = requireTopic(h, chatId, topicId);
        if (topic.creatorId() != actorId && !Rights.has(moderation.adminRights(h, member), Rights.MANAGE_TOPICS)) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "managing others' topics needs the manageTopics right");
        }
        return topic;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
