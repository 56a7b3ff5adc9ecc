package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.channel.DiscussionMethods;
import dev.parley.protocol.channel.DiscussionMethods.CommentCount;
import dev.parley.protocol.channel.DiscussionMethods.Replies;
import dev.parley.protocol.message.MessageMethods.Sent;
import java.util.List;

/**
 * A channel's discussion group and the comment threads of its posts (docs/protocol/channels.md, "Discussion
 * groups"); obtained from {@link ParleyClient#discussions()}. A comment is an ordinary message in the group replying to
 * the post's mirror there, sent exactly once like {@link Messages#send}.
 */
public final class Discussions {
    private final ParleyClient client;

    Discussions(ParleyClient client) {
        this.client = client;
    }

    /** {@code channels.setDiscussionGroup}: new posts of the channel are mirrored into the supergroup. */
    public void link(long channelId, long groupId) {
        client.call(DiscussionMethods.SET_DISCUSSION_GROUP, new DiscussionMethods.SetDiscussionGroup(channelId,
                groupId), JsonNode.class);
    }

    public void unlink(long channelId) {
        client.call(DiscussionMethods.SET_DISCUSSION_GROUP, new DiscussionMethods.SetDiscussionGroup(channelId, null),
                JsonNode.class);
    }

    /**
     * {@code messages.getReplies}: a channel post's comments (or replies to a group message), oldest first after
     * {@code offsetId} (0: from the start), with the thread's group, root and total count.
     */
    public Replies comments(long chatId, long postId, long offsetId, int limit) {
        return client.call(DiscussionMethods.GET_REPLIES, new DiscussionMethods.GetReplies(chatId, postId, offsetId,
                limit), Replies.class);
    }

    /** Comments on a channel post: a reply to its thread root in the discussion group. */
    public Sent comment(long channelId, long postId, String text) {
        Replies thread = comments(channelId, postId, 0, 1);
        return client.messages().send(thread.groupId(), text, Messages.newRandomId(), thread.rootId(), null);
    }

    /** {@code messages.getCommentCounts}: per post with a thread (posts from before linking are left out). */
    public List<CommentCount> commentCounts(long channelId, List<Long> postIds) {
        return client.call(DiscussionMethods.GET_COMMENT_COUNTS, new DiscussionMethods.GetCommentCounts(channelId,
                postIds), DiscussionMethods.CommentCounts.class).counts();
    }
}
