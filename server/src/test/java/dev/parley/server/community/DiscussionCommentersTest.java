package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.InviteMethods.CreateInvite;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import dev.parley.protocol.contacts.ContactsMethods;
import dev.parley.protocol.message.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channel subscribers comment in a post's thread of the discussion group without joining the group: what they may
 * do there (comment on thread roots, read and follow the thread, edit and delete their own comments) and what stays
 * closed to them (the rest of a private group), under the group's bans, restrictions and slow mode.
 */
class DiscussionCommentersTest extends CommunitySpec {
    long news;
    long group;
    long fan;
    long root;
    long postId;

    @BeforeEach
    void linkedChannelWithAPrivateGroup() {
        news = m.channels.create(owner, new ChannelMethods.Create("news", null, null, ChannelMethods.KIND_CHANNEL,
                false)).chatId();
        group = m.channels.create(owner, new ChannelMethods.Create("talk", null, null,
                ChannelMethods.KIND_SUPERGROUP, false)).chatId();
        m.discussions.setDiscussionGroup(owner, news, group);
        fan = m.user("fan");
        m.invites.join(fan, m.invites.create(owner, new CreateInvite(news, null, null, null)).token());
        postId = post(owner, news, "big news").id();
        root = m.discussions.getReplies(fan, news, postId, 0, 1).rootId();
    }

    Message comment(long user, String text) {
        return m.messages.send(user, group, text, nextRandomId(), root, List.of()).message();
    }

    @Test
    void aSubscriberCommentsWithoutJoiningAndReadsTheThreadOnly() {
        long before = m.count("SELECT COUNT(*) FROM chat_members WHERE chat_id = ?", group);
        Message mine = comment(fan, "love it");

        assertThat(mine.out()).isTrue();
        assertThat(mine.replyToId()).isEqualTo(root);
        assertThat(m.count("SELECT COUNT(*) FROM chat_members WHERE chat_id = ?", group)).isEqualTo(before);
        assertThat(m.count("SELECT COUNT(*) FROM chat_members WHERE chat_id = ? AND user_id = ?", group, fan)).isZero();
        // The thread is readable by the post's id in the channel and by the root's id in the group.
        assertThat(m.discussions.getReplies(fan, news, postId, 0, 10).messages()).extracting(Message::text)
                .containsExactly("love it");
        assertThat(m.discussions.getReplies(fan, group, root, 0, 10).count()).isEqualTo(1);
        // The group's owner reads the thread with the commenter's profile, though the commenter is no member.
        assertThat(m.discussions.getReplies(owner, news, postId, 0, 10).users())
                .extracting(ContactsMethods.User::userId, ContactsMethods.User::username)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(fan, "fan"));
        // The rest of the private group stays closed: history, sync, chatter outside the thread, other messages.
        long chatter = post(owner, group, "members only").id();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.history.getHistory(fan, group, null, 10, true));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.channels.getDifference(fan, group, 0, 10));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.chats.get(fan, group));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.discussions.getReplies(fan, group, chatter, 0, 10));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.messages.send(fan, group, "hi all", nextRandomId(), null, List.of()));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.messages.send(fan, group, "psst", nextRandomId(), chatter, List.of()));
        assertThat(m.channels.getChannelStates(fan).states()).extracting(s -> s.chatId()).containsExactly(news);
    }

    @Test
    void aCommenterEditsAndDeletesOnlyTheirOwnComments() {
        Message mine = comment(fan, "love it");
        long members = post(owner, group, "members only").id();

        assertThat(m.messages.edit(fan, group, mine.id(), "really love it", List.of()).message().text())
                .isEqualTo("really love it");
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.messages.edit(fan, group, members, "mine now", List.of()));
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.messages.delete(fan, group, List.of(members), true));
        m.messages.delete(fan, group, List.of(mine.id()), true);
        assertThat(m.discussions.getReplies(owner, news, postId, 0, 10).count()).isZero();
        // Someone who never commented has no standing in the group at all.
        long stranger = m.user("stranger");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.messages.delete(stranger, group, List.of(members), true));
    }

    @Test
    void onlyReadersOfTheChannelCommentAndOnlyWhileItIsLinked() {
        long outsider = m.user("outsider");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> comment(outsider, "let me in"));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.discussions.getReplies(outsider, group, root, 0, 10));

        m.discussions.setDiscussionGroup(owner, news, null);
        fails(ErrorCode.CHAT_NOT_FOUND, () -> comment(fan, "still here?"));
        // Members of the group comment as before.
        assertThat(comment(owner, "yes").text()).isEqualTo("yes");
    }

    @Test
    void aPublicChannelsReadersCommentWithoutSubscribing() {
        long open = channel("opennews");
        long openGroup = supergroup("opentalk");
        m.discussions.setDiscussionGroup(owner, open, openGroup);
        long passerBy = m.user("passerby");
        long post = post(owner, open, "hello world").id();
        long openRoot = m.discussions.getReplies(passerBy, open, post, 0, 1).rootId();

        m.messages.send(passerBy, openGroup, "hi", nextRandomId(), openRoot, List.of());
        assertThat(m.discussions.getReplies(passerBy, open, post, 0, 10).count()).isEqualTo(1);
    }

    @Test
    void theGroupsBanRestrictionDefaultPermissionsAndSlowModeBindCommenters() {
        comment(fan, "first");
        m.moderation.setSlowMode(owner, group, 30);
        comment(fan, "second");
        fails(ErrorCode.SLOWMODE_WAIT, () -> comment(fan, "third"));
        clock.advance(Duration.ofSeconds(31));
        comment(fan, "third");

        m.moderation.restrict(owner, group, fan, new MemberPermissions(false, false, false, false),
                now() + 60);
        clock.advance(Duration.ofSeconds(31));
        fails(ErrorCode.FORBIDDEN, () -> comment(fan, "muted"));
        clock.advance(Duration.ofSeconds(31));
        comment(fan, "back");

        m.moderation.ban(owner, group, fan, 0);
        fails(ErrorCode.USER_BANNED, () -> comment(fan, "banned"));
        m.moderation.unban(owner, group, fan);
        clock.advance(Duration.ofSeconds(31));
        m.moderation.setDefaultPermissions(owner, group, new MemberPermissions(false, true, true, true));
        fails(ErrorCode.FORBIDDEN, () -> comment(fan, "read-only group"));
    }

    @Test
    void aRestrictedCommenterWhoJoinsStaysRestricted() {
        comment(fan, "first");
        m.moderation.restrict(owner, group, fan, new MemberPermissions(false, true, true, true), 0);
        m.invites.join(fan, m.invites.create(owner, new CreateInvite(group, null, null, null)).token());

        fails(ErrorCode.FORBIDDEN, () -> comment(fan, "still muted"));
        assertThat(m.count("SELECT COUNT(*) FROM chat_commenters WHERE chat_id = ?", group)).isZero();
    }

    @Test
    void erasingTheAccountRemovesItsCommentsAndStanding() {
        comment(fan, "first");
        m.database.write(h -> m.erasure.eraseAccount(h, fan));

        assertThat(m.count("SELECT COUNT(*) FROM chat_commenters WHERE user_id = ?", fan)).isZero();
        assertThat(m.discussions.getReplies(owner, news, postId, 0, 10).count()).isZero();
    }
}
