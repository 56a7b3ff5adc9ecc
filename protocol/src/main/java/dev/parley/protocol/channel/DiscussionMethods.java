package dev.parley.protocol.channel;

import dev.parley.protocol.Fields;
import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.protocol.message.Message;
import java.util.List;

/** A channel's linked discussion group and the comment threads of its posts (docs/protocol/channels.md). */
public final class DiscussionMethods {
    private DiscussionMethods() {}

    public static final String SET_DISCUSSION_GROUP = "channels.setDiscussionGroup";
    public static final String GET_REPLIES = "messages.getReplies";
    public static final String GET_COMMENT_COUNTS = "messages.getCommentCounts";
    public static final int PAGE_MAX = 100;

    /** {@code groupId} absent unlinks. */
    public record SetDiscussionGroup(Long channelId, Long groupId) {
        public SetDiscussionGroup {
            Fields.positiveId(channelId, "channelId");
            if (groupId != null) {
                Fields.positiveId(groupId, "groupId");
            }
        }
    }

    /** {@code chatId, msgId}: a channel post (its thread in the linked group) or a message of a group. */
    public record GetReplies(Long chatId, Long msgId, Long offsetId, Integer limit) {
        public GetReplies {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(msgId, "msgId");
            if (offsetId != null && offsetId < 0) {
                throw dev.parley.protocol.ParleyException.badRequest("field 'offsetId': must be a non-negative id");
            }
            limit = Fields.range(limit, "limit", 1, PAGE_MAX, 50);
        }
    }

    /** Replies oldest first after offsetId; {@code count}: all replies of the thread; thread root in the group. */
    /**
     * A page of a thread; {@code users} are the public profiles of its messages' senders, so a reader who is not a
     * member of the group (a commenter, a channel subscriber) can name them.
     */
    public record Replies(long groupId, long rootId, int count, List<Message> messages, List<User> users) {
        public Replies withUsers(List<User> senders) {
            return new Replies(groupId, rootId, count, messages, senders);
        }
    }

    public record GetCommentCounts(Long chatId, List<Long> ids) {
        public GetCommentCounts {
            Fields.positiveId(chatId, "chatId");
            Fields.require(ids, "ids");
            if (ids.isEmpty() || ids.size() > PAGE_MAX) {
                throw dev.parley.protocol.ParleyException.badRequest("field 'ids': 1–" + PAGE_MAX + " ids");
            }
            ids.forEach(id -> Fields.positiveId(id, "ids[]"));
            ids = List.copyOf(ids);
        }
    }

    /** Per post: the thread in the discussion group and its number of comments. */
    public record CommentCount(long id, long groupId, long rootId, int count) {}

    public record CommentCounts(List<CommentCount> counts) {}
}
