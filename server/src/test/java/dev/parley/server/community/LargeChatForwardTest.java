package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.Rights;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * messages.forward into supergroups and channels: the posting rules (a channel's post right, a supergroup's send
 * permission, restrictions, slow mode, a forum's General topic), fan-out on read (rows independent of the audience),
 * a channel forward speaking as the channel and mirrored into its discussion group, exactly-once by randomId.
 */
class LargeChatForwardTest extends CommunitySpec {
    private long randomIds = 10_000;

    List<Message> forward(long user, long from, long id, long to) {
        return m.messages.forward(user, from, List.of(id), to, List.of(randomIds++)).messages();
    }

    @Test
    void intoAChannelOnlyWithThePostRightAndAsTheChannel() {
        long news = channel("thenews");
        long source = supergroup("source");
        long editor = member("editor", "thenews");
        long reader = member("reader", "thenews");
        m.channels.join(editor, source, null);
        m.channels.join(reader, source, null);
        long original = post(reader, source, "worth sharing").id();

        fails(ErrorCode.FORBIDDEN, () -> forward(reader, source, original, news));
        fails(ErrorCode.FORBIDDEN, () -> forward(editor, source, original, news));
        admin(news, editor, Rights.POST_MESSAGES);
        Message copy = forward(editor, source, original, news).getFirst();

        assertThat(copy.text()).isEqualTo("worth sharing");
        assertThat(copy.forward().fromChatId()).isEqualTo(source);
        assertThat(copy.forward().senderId()).isEqualTo(reader);
        Message seen = history(reader, news).getFirst();
        assertThat(seen.id()).isEqualTo(copy.id());
        assertThat(seen.senderId()).isNull();
        assertThat(m.channels.getDifference(reader, news, copy.id() - 1, 10).updates())
                .singleElement().isInstanceOfSatisfying(Update.NewMessage.class,
                        u -> assertThat(u.message().forward().fromMessageId()).isEqualTo(original));
    }

    @Test
    void aRepeatedRandomIdReturnsTheSameCopy() {
        long group = supergroup("thetalk");
        long source = supergroup("source");
        long user = member("user", "thetalk");
        m.channels.join(user, source, null);
        long original = post(user, source, "once").id();

        Message first = m.messages.forward(user, source, List.of(original), group, List.of(77L)).messages().getFirst();
        Message again = m.messages.forward(user, source, List.of(original), group, List.of(77L)).messages().getFirst();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(history(owner, group)).extracting(Message::text).containsExactly("once");
    }

    @Test
    void aForwardedChannelPostIsMirroredIntoTheDiscussionGroup() {
        long news = channel("thenews");
        long talk = supergroup("thetalk");
        long source = supergroup("source");
        m.discussions.setDiscussionGroup(owner, news, talk);
        long original = post(owner, source, "from elsewhere").id();

        Message copy = forward(owner, source, original, news).getFirst();
        assertThat(m.discussions.getReplies(owner, news, copy.id(), 0, 10).rootId()).isPositive();
        assertThat(history(owner, talk)).extracting(Message::text).containsExactly("from elsewhere");
    }

    @Test
    void intoASupergroupUnderItsPermissionsRestrictionsAndSlowMode() {
        long group = supergroup("thetalk");
        long source = supergroup("source");
        long user = member("user", "thetalk");
        m.channels.join(user, source, null);
        long original = post(user, source, "look").id();

        m.moderation.setSlowMode(owner, group, 60);
        forward(user, source, original, group);
        fails(ErrorCode.SLOWMODE_WAIT, () -> forward(user, source, original, group));
        clock.advance(Duration.ofSeconds(61));
        m.moderation.restrict(owner, group, user, new MemberPermissions(false, true, true, true), 0);
        fails(ErrorCode.FORBIDDEN, () -> forward(user, source, original, group));
        // Admins are never limited by slow mode.
        forward(owner, source, original, group);
        forward(owner, source, original, group);
    }

    @Test
    void intoAForumTheCopiesGoToTheGivenTopicOrGeneral() {
        long forum = supergroup("theforum");
        long source = supergroup("source");
        long user = member("user", "theforum");
        m.channels.join(user, source, null);
        m.topics.toggleForum(owner, forum, true);
        long original = post(owner, source, "hi").id();
        long topic = m.topics.create(owner, forum, "Links").topicId();

        assertThat(forward(user, source, original, forum).getFirst().topicId()).isEqualTo(1L);
        assertThat(m.messages.forward(user, source, List.of(original), forum, List.of(randomIds++), topic)
                .messages().getFirst().topicId()).isEqualTo(topic);
        fails(ErrorCode.TOPIC_NOT_FOUND, () -> m.messages.forward(user, source, List.of(original), forum,
                List.of(randomIds++), 99L));
        fails(ErrorCode.TOPIC_NOT_FOUND, () -> m.messages.forward(user, forum, List.of(original), source,
                List.of(randomIds++), topic));
        m.topics.setClosed(owner, forum, topic, true);
        fails(ErrorCode.TOPIC_CLOSED, () -> m.messages.forward(user, source, List.of(original), forum,
                List.of(randomIds++), topic));
    }

    @Test
    void nobodyForwardsFromOrIntoChatsTheyAreNotIn() {
        long group = supergroup("thetalk");
        long privateSource = m.channels.create(owner, new dev.parley.protocol.channel.ChannelMethods.Create(
                "secret", null, null, "supergroup", false)).chatId();
        long original = post(owner, privateSource, "secret").id();
        long outsider = m.user("outsider");
        long member = member("member", "thetalk");

        fails(ErrorCode.CHAT_NOT_FOUND, () -> forward(member, privateSource, original, group));
        long own = post(member, group, "mine").id();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> forward(member, group, own, privateSource));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> forward(outsider, group, own, group));
    }

    @Test
    void aForwardWritesTheSameRowsForTenAndForTwoHundredFiftySubscribers() {
        assertThat(rowsOfAForward("small", 10)).isEqualTo(rowsOfAForward("large", 250));
    }

    private Map<String, Long> rowsOfAForward(String username, int subscribers) {
        long news = channel(username);
        long source = supergroup(username + "src");
        for (int i = 0; i < subscribers; i++) {
            m.channels.join(m.user(username + "sub" + i), null, username);
        }
        long original = post(owner, source, "share").id();
        return m.rowsWrittenBy(() -> forward(owner, source, original, news));
    }
}
