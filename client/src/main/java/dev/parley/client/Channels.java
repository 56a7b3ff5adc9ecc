package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.ChannelMethods.ChannelDifference;
import dev.parley.protocol.channel.InviteMethods.InviteJoin;
import dev.parley.protocol.channel.TopicMethods;
import dev.parley.protocol.channel.TopicMethods.Topic;
import dev.parley.protocol.channel.TopicMethods.Topics;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.chat.ChatMethods.ChatRef;
import dev.parley.protocol.chat.ChatMethods.ChatResult;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.message.ScheduledMethods;
import dev.parley.protocol.message.ScheduledMethods.ScheduledMessage;
import dev.parley.protocol.message.ScheduledMethods.ScheduledMessages;
import java.util.List;

/**
 * Supergroups and channels (docs/protocol/channels.md): create, join by username or invite link, leave, edit, read a
 * chat's events (all or one topic's), forum topics, posting into topics and scheduled messages; obtained from
 * {@link ParleyClient#channels()}.
 * Posting and scheduling carry a randomId, so a repeat after a reconnect does not post twice.
 */
public final class Channels {
    private final ParleyClient client;

    Channels(ParleyClient client) {
        this.client = client;
    }

    /** {@code channels.create}: {@code kind} is {@code "channel"} or {@code "supergroup"}; username and about may be null. */
    public Chat create(String kind, String title, String username, String about, boolean signMessages) {
        return client.call(ChannelMethods.CREATE, new ChannelMethods.Create(title, about, username, kind,
                signMessages), ChatResult.class).chat();
    }

    /** {@code channels.join {username}}: a public supergroup or channel. */
    public Chat join(String username) {
        return client.call(ChannelMethods.JOIN, new ChannelMethods.Join(null, username), ChatResult.class).chat();
    }

    /** {@code channels.joinByInvite}: joins, or files a join request ({@code status} tells which). */
    public InviteJoin joinByInvite(String token) {
        return client.invites().join(token);
    }

    /** {@code channels.getDifference}: the chat's events after {@code fromSeq}. */
    public ChannelDifference getDifference(long chatId, long fromSeq, int limit) {
        return client.call(ChannelMethods.GET_DIFFERENCE, new ChannelMethods.GetDifference(chatId, fromSeq, limit),
                ChannelDifference.class);
    }

    /**
     * {@code channels.getDifference {topicId}}: only the events of one forum topic's messages. A page may hold fewer
     * than {@code limit} updates (even none) before {@code final}: keep paging from its {@code seq}.
     */
    public ChannelDifference getDifference(long chatId, long fromSeq, int limit, long topicId) {
        return client.call(ChannelMethods.GET_DIFFERENCE, new ChannelMethods.GetDifference(chatId, fromSeq, limit,
                topicId), ChannelDifference.class);
    }

    /** {@code updates.getChannelStates}: the current seq of every supergroup and channel the caller belongs to. */
    public List<ChannelMethods.ChannelState> channelStates() {
        return client.call(ChannelMethods.GET_CHANNEL_STATES, new ChannelMethods.GetChannelStates(),
                ChannelMethods.ChannelStates.class).states();
    }

    /** {@code messages.send} into a forum topic (null: General, or the replied-to message's topic). */
    public Sent post(long chatId, String text, Long topicId, boolean silent) {
        var params = new MessageMethods.Send(chatId, text, Messages.newRandomId(), null, null, silent, null, topicId);
        return client.call(MessageMethods.SEND, params, Sent.class);
    }

    /** {@code messages.send} with a {@code scheduleDate} (Unix seconds, at most a year ahead). */
    public ScheduledMessage schedule(long chatId, String text, long scheduleDate, Long topicId) {
        var params = new MessageMethods.Send(chatId, text, Messages.newRandomId(), null, null, null, scheduleDate,
                topicId);
        return client.call(MessageMethods.SEND, params, ScheduledMethods.Scheduled.class).scheduled();
    }

    public List<ScheduledMessage> scheduled(long chatId) {
        return client.call(ScheduledMethods.GET_SCHEDULED, new ScheduledMethods.GetScheduled(chatId),
                ScheduledMessages.class).messages();
    }

    public void deleteScheduled(long chatId, List<Long> ids) {
        client.call(ScheduledMethods.DELETE_SCHEDULED, new ScheduledMethods.ScheduledRef(chatId, ids), Object.class);
    }

    public Topics toggleForum(long chatId, boolean enabled) {
        return client.call(TopicMethods.TOGGLE_FORUM, new TopicMethods.ToggleForum(chatId, enabled), Topics.class);
    }

    public Topic createTopic(long chatId, String title) {
        return client.call(TopicMethods.CREATE, new TopicMethods.Create(chatId, title), Topic.class);
    }

    public Topics topics(long chatId) {
        return client.call(TopicMethods.LIST, new TopicMethods.ListTopics(chatId), Topics.class);
    }

    /** {@code topics.edit}: the topic's creator or an admin with manageTopics. */
    public Topic editTopic(long chatId, long topicId, String title) {
        return client.call(TopicMethods.EDIT, new TopicMethods.Edit(chatId, topicId, title), Topic.class);
    }

    /** {@code topics.close}: only admins with manageTopics post in a closed topic. */
    public Topic closeTopic(long chatId, long topicId) {
        return client.call(TopicMethods.CLOSE, new TopicMethods.TopicRef(chatId, topicId), Topic.class);
    }

    public Topic reopenTopic(long chatId, long topicId) {
        return client.call(TopicMethods.REOPEN, new TopicMethods.TopicRef(chatId, topicId), Topic.class);
    }

    /** {@code messages.sendScheduledNow}: posts scheduled messages at once; the messages as delivered. */
    public List<Message> sendScheduledNow(long chatId, List<Long> ids) {
        return client.call(ScheduledMethods.SEND_SCHEDULED_NOW, new ScheduledMethods.ScheduledRef(chatId, ids),
                MessageMethods.Messages.class).messages();
    }

    /** {@code channels.editInfo}: a new title and/or about text (null: unchanged; "" clears the about text). */
    public Chat editInfo(long chatId, String title, String about) {
        return client.call(ChannelMethods.EDIT_INFO, new ChannelMethods.EditInfo(chatId, title, about),
                ChatResult.class).chat();
    }

    /** {@code channels.leave}; an owner's ownership passes on, the last member's leaving deletes the chat. */
    public void leave(long chatId) {
        client.call(ChannelMethods.LEAVE, new ChatRef(chatId), JsonNode.class);
    }

    /** {@code chats.convertToSupergroup}: the owner turns a group into a supergroup, keeping its history. */
    public Chat convertToSupergroup(long chatId) {
        return client.call(ChannelMethods.CONVERT_TO_SUPERGROUP, new ChatRef(chatId), ChatResult.class).chat();
    }
}
