package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.channel.TopicMethods;
import dev.parley.protocol.channel.TopicMethods.Topic;
import dev.parley.protocol.message.Message;
import dev.parley.server.chat.Rights;
import dev.parley.server.message.MessageService.Draft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Forum mode: toggling, topics and their rights, messages carrying their topic, history per topic. */
class TopicRulesTest extends CommunitySpec {

    private Message send(long user, long chatId, String text, Long replyToId, Long topicId) {
        return m.messages.send(user, new Draft(chatId, text, nextRandomId(), replyToId, List.of(), false, topicId))
                .message();
    }

    private List<String> topicHistory(long user, long chatId, long topicId) {
        return m.history.getHistory(user, chatId, null, 100, true, topicId).messages().stream().map(Message::text)
                .toList();
    }

    @Test
    void forumModeNeedsChangeInfoAndStartsWithTheGeneralTopic() {
        long chat = supergroup("theforum");
        long member = member("member", "theforum");
        long admin = member("admin", "theforum");
        long outsider = m.user("outsider");
        admin(chat, admin, Rights.ALL_ADMIN & ~Rights.CHANGE_INFO);

        fails(ErrorCode.FORBIDDEN, () -> m.topics.toggleForum(member, chat, true));
        fails(ErrorCode.FORBIDDEN, () -> m.topics.toggleForum(admin, chat, true));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.topics.toggleForum(outsider, chat, true));
        admin(chat, admin, Rights.CHANGE_INFO);
        var topics = m.topics.toggleForum(admin, chat, true);

        assertThat(topics.forum()).isTrue();
        assertThat(topics.topics()).extracting(Topic::topicId, Topic::title)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TopicMethods.GENERAL_TOPIC_ID, "General"));
        assertThat(m.topics.list(member, chat).forum()).isTrue();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.topics.list(outsider, chat));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.topics.create(outsider, chat, "Mine"));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.topics.edit(outsider, chat, TopicMethods.GENERAL_TOPIC_ID, "Hi"));
        long news = channel("thenews");
        fails(ErrorCode.PEER_INVALID, () -> m.topics.toggleForum(owner, news, true));
    }

    @Test
    void messagesCarryTheirTopicAndHistoryIsReadPerTopic() {
        long chat = supergroup("theforum");
        long member = member("member", "theforum");
        m.topics.toggleForum(owner, chat, true);
        long hiking = m.topics.create(member, chat, "Hiking").topicId();

        Message trail = send(member, chat, "which trail?", null, hiking);
        Message general = send(member, chat, "hello all", null, null);
        Message answer = send(owner, chat, "the long one", trail.id(), null);

        assertThat(trail.topicId()).isEqualTo(hiking);
        assertThat(general.topicId()).isEqualTo(TopicMethods.GENERAL_TOPIC_ID);
        assertThat(answer.topicId()).isEqualTo(hiking);
        assertThat(topicHistory(member, chat, hiking)).containsExactly("the long one", "which trail?");
        assertThat(topicHistory(member, chat, TopicMethods.GENERAL_TOPIC_ID)).containsExactly("hello all");
        assertThat(m.topics.list(member, chat).topics()).filteredOn(t -> t.topicId() == hiking)
                .extracting(Topic::topMessageId).containsExactly(answer.id());
        assertThat(m.channels.getDifference(member, chat, 0, 100).updates()).isNotEmpty();
    }

    @Test
    void closedTopicsTakePostsOnlyFromAdminsWhoManageTopics() {
        long chat = supergroup("theforum");
        long creator = member("creator", "theforum");
        long other = member("other", "theforum");
        long moderator = member("moderator", "theforum");
        long deleter = member("deleter", "theforum");
        admin(chat, moderator, Rights.MANAGE_TOPICS);
        admin(chat, deleter, Rights.DELETE_MESSAGES);
        m.topics.toggleForum(owner, chat, true);
        long topic = m.topics.create(creator, chat, "Plans").topicId();

        fails(ErrorCode.FORBIDDEN, () -> m.topics.setClosed(other, chat, topic, true));
        fails(ErrorCode.FORBIDDEN, () -> m.topics.edit(deleter, chat, topic, "Renamed"));
        assertThat(m.topics.setClosed(creator, chat, topic, true).closed()).isTrue();
        fails(ErrorCode.CHAT_NOT_MODIFIED, () -> m.topics.setClosed(creator, chat, topic, true));

        fails(ErrorCode.TOPIC_CLOSED, () -> send(other, chat, "let me in", null, topic));
        fails(ErrorCode.TOPIC_CLOSED, () -> send(deleter, chat, "me too", null, topic));
        assertThat(send(moderator, chat, "closing remarks", null, topic).topicId()).isEqualTo(topic);
        assertThat(m.topics.edit(moderator, chat, topic, "Old plans").title()).isEqualTo("Old plans");
        m.topics.setClosed(moderator, chat, topic, false);
        assertThat(send(other, chat, "open again", null, topic).text()).isEqualTo("open again");
        fails(ErrorCode.PEER_INVALID,
                () -> m.topics.setClosed(owner, chat, TopicMethods.GENERAL_TOPIC_ID, true));
    }

    @Test
    void topicsOutsideAForumDoNotExist() {
        long chat = supergroup("plainclub");
        long member = member("member", "plainclub");

        fails(ErrorCode.TOPIC_NOT_FOUND, () -> send(member, chat, "into a topic", null, 2L));
        fails(ErrorCode.TOPIC_NOT_FOUND, () -> m.topics.create(member, chat, "Nope"));
        assertThat(send(member, chat, "plain", null, null).topicId()).isNull();

        m.topics.toggleForum(owner, chat, true);
        fails(ErrorCode.TOPIC_NOT_FOUND, () -> send(member, chat, "unknown topic", null, 42L));
        m.topics.toggleForum(owner, chat, false);
        assertThat(send(member, chat, "forum off again", null, null).topicId()).isNull();
    }

    @Test
    void membersWhoMayNotPostCannotCreateTopics() {
        long chat = supergroup("theforum");
        long member = member("member", "theforum");
        m.topics.toggleForum(owner, chat, true);
        m.moderation.restrict(owner, chat, member, Rights.memberPermissions(0), 0);

        fails(ErrorCode.FORBIDDEN, () -> m.topics.create(member, chat, "Mine"));
    }

    @Test
    void concurrentCreatesGetDistinctTopicIds() throws Exception {
        long chat = supergroup("busyforum");
        m.topics.toggleForum(owner, chat, true);
        List<Long> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Topic>> created = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String title = "Topic " + i;
                created.add(pool.submit(() -> m.topics.create(owner, chat, title)));
            }
            for (Future<Topic> f : created) {
                ids.add(f.get().topicId());
            }
        }

        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id > TopicMethods.GENERAL_TOPIC_ID);
        assertThat(m.topics.list(owner, chat).topics()).hasSize(11);
    }

    @Test
    void aTopicsDifferenceHoldsOnlyTheEventsOfItsMessagesPageByPage() {
        long chat = supergroup("theforum");
        long member = member("member", "theforum");
        m.topics.toggleForum(owner, chat, true);
        long hiking = m.topics.create(member, chat, "Hiking").topicId();
        long from = m.channels.getDifference(member, chat, 0, 1000).seq();
        Message trail = send(member, chat, "which trail?", null, hiking);
        Message hello = send(member, chat, "hello all", null, null);
        m.messages.edit(member, chat, trail.id(), "which trail today?", List.of());
        member("latecomer", "theforum");
        m.feature.posts.reactions.sendReaction(owner, chat, trail.id(), "👍");
        m.feature.posts.reactions.sendReaction(owner, chat, hello.id(), "👍");
        Message answer = send(owner, chat, "the long one", trail.id(), null);
        m.messages.delete(owner, chat, List.of(answer.id()), true);
        long top = m.channels.getDifference(member, chat, 0, 1000).seq();

        var whole = m.channels.getDifference(member, chat, from, 100, hiking);
        List<String> paged = new ArrayList<>();
        long seq = from;
        int pages = 0;
        for (boolean done = false; !done; pages++) {
            var page = m.channels.getDifference(member, chat, seq, 2, hiking);
            page.updates().forEach(u -> paged.add(u.type() + "@" + u.ptsOf()));
            seq = page.seq();
            done = page.isFinal();
        }

        assertThat(whole.updates()).extracting(dev.parley.protocol.sync.Update::type).containsExactly("newMessage",
                "editMessage", "messageReactions", "newMessage", "deleteMessages");
        assertThat(whole.seq()).isEqualTo(top);
        assertThat(whole.isFinal()).isTrue();
        assertThat(paged).isEqualTo(whole.updates().stream().map(u -> u.type() + "@" + u.ptsOf()).toList());
        assertThat(pages).isEqualTo(3);
        assertThat(seq).isEqualTo(top);
        assertThat(m.channels.getDifference(member, chat, from, 100, TopicMethods.GENERAL_TOPIC_ID).updates())
                .extracting(dev.parley.protocol.sync.Update::type).containsExactly("newMessage", "messageReactions");
        assertThat(m.channels.getDifference(member, chat, from, 100, 999L).updates()).isEmpty();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.channels.getDifference(m.user("stranger"),
                m.channels.create(owner, new dev.parley.protocol.channel.ChannelMethods.Create("hidden", null, null,
                        "supergroup", false)).chatId(), 0, 100, hiking));
    }
}
