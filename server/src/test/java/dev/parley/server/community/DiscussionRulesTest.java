package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.channel.DiscussionMethods.CommentCount;
import dev.parley.protocol.channel.DiscussionMethods.Replies;
import dev.parley.protocol.message.Message;
import dev.parley.server.chat.Rights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A channel's discussion group: linking rights, posts mirrored as thread roots, replies and comment counts. */
class DiscussionRulesTest extends CommunitySpec {

    @Test
    void linkingNeedsChangeInfoInTheChannelAndTheGroup() {
        long news = channel("thenews");
        long group = supergroup("thetalk");
        long admin = member("admin", "thenews");
        m.channels.join(admin, group, null);
        admin(news, admin, Rights.ALL_ADMIN & ~Rights.CHANGE_INFO);

        fails(ErrorCode.FORBIDDEN, () -> m.discussions.setDiscussionGroup(admin, news, group));
        admin(news, admin, Rights.CHANGE_INFO);
        fails(ErrorCode.FORBIDDEN, () -> m.discussions.setDiscussionGroup(admin, news, group));
        admin(group, admin, Rights.CHANGE_INFO);
        m.discussions.setDiscussionGroup(admin, news, group);

        long other = channel("othernews");
        fails(ErrorCode.PEER_INVALID, () -> m.discussions.setDiscussionGroup(owner, other, group));
        fails(ErrorCode.PEER_INVALID, () -> m.discussions.setDiscussionGroup(owner, other, news));
        fails(ErrorCode.PEER_INVALID, () -> m.discussions.setDiscussionGroup(owner, group, group));
        long stranger = m.user("stranger");
        long strangersGroup = m.channels.create(stranger, new dev.parley.protocol.channel.ChannelMethods.Create(
                "theirs", null, null, "supergroup", false)).chatId();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.discussions.setDiscussionGroup(owner, other, strangersGroup));
    }

    @Test
    void eachPostBecomesAThreadInTheGroupWithItsCommentsCounted() {
        long news = channel("thenews");
        long group = supergroup("thetalk");
        long subscriber = member("subscriber", "thenews");
        long commenter = member("commenter", "thetalk");
        long outsider = m.user("outsider");
        Message before = post(owner, news, "before the group");
        m.discussions.setDiscussionGroup(owner, news, group);

        Message post = post(owner, news, "big news");
        Message root = history(commenter, group).getFirst();
        assertThat(root.text()).isEqualTo("big news");
        assertThat(root.senderId()).isNull();
        assertThat(root.forward().fromChatId()).isEqualTo(news);
        assertThat(root.forward().fromMessageId()).isEqualTo(post.id());

        m.messages.send(commenter, group, "first!", nextRandomId(), root.id(), List.of());
        m.messages.send(owner, group, "thanks", nextRandomId(), root.id(), List.of());
        long chatter = post(commenter, group, "unrelated chatter").id();

        Replies replies = m.discussions.getReplies(subscriber, news, post.id(), 0, 50);
        assertThat(replies.count()).isEqualTo(2);
        assertThat(replies.rootId()).isEqualTo(root.id());
        assertThat(replies.messages()).extracting(Message::text).containsExactly("first!", "thanks");
        assertThat(m.discussions.getReplies(commenter, group, root.id(), 0, 50).count()).isEqualTo(2);
        assertThat(m.discussions.commentCounts(subscriber, news, List.of(before.id(), post.id())).counts())
                .extracting(CommentCount::id, CommentCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(post.id(), 2));

        // A public channel's comments are as public as its posts.
        assertThat(m.discussions.getReplies(outsider, news, post.id(), 0, 50).count()).isEqualTo(2);
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.discussions.getReplies(subscriber, news, before.id(), 0, 50));
        // Also by the thread root in the group; the group's other messages stay its members'.
        assertThat(m.discussions.getReplies(outsider, group, root.id(), 0, 50).count()).isEqualTo(2);
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.discussions.getReplies(outsider, group, chatter, 0, 50));
    }

    @Test
    void aPrivateChannelsCommentsAreForItsMembersOnly() {
        long secret = m.channels.create(owner, new dev.parley.protocol.channel.ChannelMethods.Create("secret", null,
                null, "channel", false)).chatId();
        long group = supergroup("thetalk");
        long outsider = m.user("outsider");
        m.discussions.setDiscussionGroup(owner, secret, group);
        Message post = post(owner, secret, "members only");

        assertThat(m.discussions.getReplies(owner, secret, post.id(), 0, 50).count()).isZero();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.discussions.getReplies(outsider, secret, post.id(), 0, 50));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.discussions.commentCounts(outsider, secret, List.of(post.id())));
    }

    @Test
    void unlinkingStopsTheMirroring() {
        long news = channel("thenews");
        long group = supergroup("thetalk");
        m.discussions.setDiscussionGroup(owner, news, group);
        post(owner, news, "mirrored");
        m.discussions.setDiscussionGroup(owner, news, null);
        Message after = post(owner, news, "not mirrored");

        assertThat(history(owner, group)).extracting(Message::text).containsExactly("mirrored");
        assertThat(m.discussions.commentCounts(owner, news, List.of(after.id())).counts()).isEmpty();
        fails(ErrorCode.CHAT_NOT_MODIFIED, () -> m.discussions.setDiscussionGroup(owner, news, null));
    }

    private List<String> groupEvents(long user, long group, long fromSeq) {
        return m.channels.getDifference(user, group, fromSeq, 100).updates().stream()
                .map(dev.parley.protocol.sync.Update::type).toList();
    }

    @Test
    void editingAPostEditsItsThreadRootInTheGroup() {
        long news = channel("thenews");
        long group = supergroup("thetalk");
        long editor = member("editor", "thenews");
        long subscriber = member("subscriber", "thenews");
        long commenter = member("commenter", "thetalk");
        m.discussions.setDiscussionGroup(owner, news, group);
        Message post = post(owner, news, "big nwes");
        Message root = history(commenter, group).getFirst();
        m.messages.send(commenter, group, "typo!", nextRandomId(), root.id(), List.of());
        long seq = m.channels.getDifference(commenter, group, 0, 100).seq();

        m.messages.edit(owner, news, post.id(), "big news", List.of());

        Message mirrored = history(commenter, group).getLast();
        assertThat(mirrored.id()).isEqualTo(root.id());
        assertThat(mirrored.text()).isEqualTo("big news");
        assertThat(mirrored.editDate()).isNotNull();
        assertThat(mirrored.forward().fromMessageId()).isEqualTo(post.id());
        assertThat(groupEvents(commenter, group, seq)).containsExactly("editMessage");
        assertThat(m.history.search(commenter, group, "news", 10).messages()).extracting(Message::id)
                .containsExactly(root.id());

        // An admin with editMessages edits others' posts, and the mirror follows; a subscriber edits nothing.
        admin(news, editor, Rights.EDIT_MESSAGES);
        m.messages.edit(editor, news, post.id(), "bigger news", List.of());
        fails(ErrorCode.FORBIDDEN, () -> m.messages.edit(subscriber, news, post.id(), "fake news", List.of()));
        assertThat(history(commenter, group).getLast().text()).isEqualTo("bigger news");
        assertThat(m.discussions.getReplies(subscriber, news, post.id(), 0, 50).messages())
                .extracting(Message::text).containsExactly("typo!");
    }

    @Test
    void deletingPostsDeletesTheirRootsButKeepsTheComments() {
        long news = channel("thenews");
        long group = supergroup("thetalk");
        long other = supergroup("othertalk");
        long commenter = member("commenter", "thetalk");
        m.discussions.setDiscussionGroup(owner, news, group);
        Message first = post(owner, news, "first post");
        Message second = post(owner, news, "second post");
        Message plain = post(owner, news, "kept post");
        Message firstRoot = history(commenter, group).getLast();
        assertThat(firstRoot.text()).isEqualTo("first post");
        m.messages.send(commenter, group, "on the first", nextRandomId(), firstRoot.id(), List.of());
        m.discussions.setDiscussionGroup(owner, news, other);
        Message third = post(owner, news, "third post");
        long seq = m.channels.getDifference(commenter, group, 0, 100).seq();

        m.messages.delete(owner, news, List.of(first.id(), second.id(), third.id()), true);

        assertThat(history(commenter, group)).extracting(Message::text).containsExactly("on the first",
                "kept post");
        assertThat(groupEvents(commenter, group, seq)).containsExactly("deleteMessages");
        assertThat(history(owner, other)).isEmpty();
        assertThat(m.discussions.commentCounts(owner, news, List.of(plain.id())).counts()).hasSize(1);
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.discussions.getReplies(commenter, group, firstRoot.id(), 0, 50));
    }
}
