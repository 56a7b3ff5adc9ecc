package dev.parley.server.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.message.PostMethods.PollAnswer;
import dev.parley.protocol.message.PostMethods.ReactionChange;
import dev.parley.protocol.message.PostMethods.SendPoll;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.Rights;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who voted and who reacted, which the Bot API's poll_answer and message_reaction need: the core records it in the
 * event and renders it only for an entitled bot account (the bot that sent a public poll; bots administering a group
 * or supergroup), never for people, never for anonymous polls, never for channels' anonymous reactions. Also how bots
 * get into large chats: appointed as admins without joining, which people cannot be.
 */
class PerUserDetailRulesTest {
    @TempDir
    Path dir;

    private MessagingFixture m;
    private PostFeature posts;
    private long owner;
    private long member;
    private long bot;
    private long randomId = 1;

    /** The dialect these specs run on; the {@code …PostgresTest} subclass runs them all on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeEach
    void setUp() {
        m = new MessagingFixture(backend(), dir);
        posts = m.feature.posts;
        owner = m.user("owner");
        member = m.user("member");
        bot = m.bot("helper_bot");
    }

    @AfterEach
    void close() {
        m.close();
    }

    /** A public supergroup or channel of the owner, with the member in it. */
    private long create(String kind) {
        long chatId = m.channels.create(owner, new ChannelMethods.Create("detail", null, kind + randomId++, kind,
                false)).chatId();
        m.channels.join(member, chatId, null);
        return chatId;
    }

    private static AdminRights rights(int mask) {
        return Rights.adminRights(mask);
    }

    private long pollBy(long author, long chatId, boolean anonymous) {
        return posts.polls.sendPoll(author, new SendPoll(chatId, randomId++, "Lunch?", List.of("pizza", "soup"),
                false, null, null, anonymous, false, null, null)).message().id();
    }

    /** The updates the user reads in the chat after {@code fromSeq}. */
    private List<Update> read(long userId, long chatId, long fromSeq) {
        return m.channels.getDifference(userId, chatId, fromSeq, 100).updates();
    }

    private long seq(long chatId) {
        return m.channels.getDifference(owner, chatId, 0, 1000).seq();
    }

    @Test
    void aBotIsAppointedToAChannelWithoutJoiningButAPersonMustBeAMember() {
        long channel = create(ChannelMethods.KIND_CHANNEL);
        long stranger = m.user("stranger");

        m.moderation.setAdmin(owner, channel, bot, rights(Rights.POST_MESSAGES));

        assertThat(m.chats.get(bot, channel).myRole()).isEqualTo("admin");
        assertThat(m.channels.largeChatIdsOf(bot)).contains(channel);
        assertThatThrownBy(() -> m.moderation.setAdmin(owner, channel, stranger, rights(Rights.POST_MESSAGES)))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_MEMBER));
    }

    @Test
    void addingABotNeedsTheAppointRightAndAtLeastOneRightAndRespectsABan() {
        long supergroup = create(ChannelMethods.KIND_SUPERGROUP);
        long banned = m.bot("banned_bot");
        m.moderation.ban(owner, supergroup, banned, 0);

        assertThatThrownBy(() -> m.moderation.setAdmin(member, supergroup, bot, rights(Rights.POST_MESSAGES)))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> m.moderation.setAdmin(owner, supergroup, bot, rights(0)))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> m.moderation.setAdmin(owner, supergroup, banned, rights(Rights.POST_MESSAGES)))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_BANNED));
        long before = seq(supergroup);
        m.moderation.setAdmin(owner, supergroup, bot, rights(Rights.DELETE_MESSAGES));
        assertThat(read(owner, supergroup, before)).hasSize(2)
                .anySatisfy(u -> assertThat(u).isInstanceOfSatisfying(Update.ChatMembership.class,
                        c -> assertThat(c.userIds()).containsExactly(bot)))
                .anySatisfy(u -> assertThat(u).isInstanceOf(Update.ChatRole.class));
    }

    @Test
    void aMemberWhoMayInviteAddsABotToASupergroupButNeverAPersonOrIntoAChannel() {
        long supergroup = create(ChannelMethods.KIND_SUPERGROUP);
        long channel = create(ChannelMethods.KIND_CHANNEL);
        long person = m.user("person");
        long before = seq(supergroup);

        m.channels.addBot(member, supergroup, bot);

        assertThat(m.chats.get(bot, supergroup).myRole()).isEqualTo("member");
        assertThat(read(owner, supergroup, before)).singleElement().isInstanceOfSatisfying(Update.ChatMembership.class,
                u -> {
                    assertThat(u.action()).isEqualTo("added");
                    assertThat(u.userIds()).containsExactly(bot);
                    assertThat(u.actorId()).isEqualTo(member);
                });
        fails(ErrorCode.PEER_INVALID, () -> m.channels.addBot(owner, supergroup, person));
        fails(ErrorCode.PEER_INVALID, () -> m.channels.addBot(owner, channel, m.bot("other_bot")));
        fails(ErrorCode.USER_ALREADY_MEMBER, () -> m.channels.addBot(owner, supergroup, bot));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.channels.addBot(person, supergroup, m.bot("third_bot")));
    }

    private static void fails(ErrorCode code, org.assertj.core.api.ThrowableAssert.ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aVoteInAPublicPollNamesTheVoterOnlyToTheBotThatSentIt() {
        long supergroup = create(ChannelMethods.KIND_SUPERGROUP);
        m.moderation.setAdmin(owner, supergroup, bot, rights(Rights.POST_MESSAGES));
        long botsPoll = pollBy(bot, supergroup, false);
        long personsPoll = pollBy(owner, supergroup, false);
        long anonymousPoll = pollBy(bot, supergroup, true);
        long from = seq(supergroup);

        posts.polls.vote(member, supergroup, botsPoll, List.of(1));
        posts.polls.vote(member, supergroup, botsPoll, List.of());
        posts.polls.vote(member, supergroup, personsPoll, List.of(0));
        posts.polls.vote(member, supergroup, anonymousPoll, List.of(0));

        List<PollAnswer> botSees = read(bot, supergroup, from).stream().map(u -> ((Update.MessagePoll) u).answer())
                .toList();
        assertThat(botSees).containsExactly(new PollAnswer(member, List.of(1)), new PollAnswer(member, List.of()),
                null, null);
        assertThat(read(owner, supergroup, from)).allSatisfy(u -> assertThat(((Update.MessagePoll) u).answer())
                .isNull());
        assertThat(read(member, supergroup, from)).allSatisfy(u -> assertThat(((Update.MessagePoll) u).answer())
                .isNull());
        assertThat(m.count("SELECT COUNT(*) FROM chat_events WHERE chat_id = ? AND kind = 'poll' AND payload LIKE ?",
                supergroup, "%\"voterId\":" + member + "%")).isEqualTo(3);
    }

    @Test
    void reactionChangesNameTheAccountOnlyToAdminBotsAndChannelReactionsNameNoOne() {
        long supergroup = create(ChannelMethods.KIND_SUPERGROUP);
        long channel = create(ChannelMethods.KIND_CHANNEL);
        long plainBot = m.bot("plain_bot");
        m.channels.join(plainBot, supergroup, null);
        m.moderation.setAdmin(owner, supergroup, bot, rights(Rights.DELETE_MESSAGES));
        m.moderation.setAdmin(owner, channel, bot, rights(Rights.POST_MESSAGES));
        long message = m.messages.send(owner, supergroup, "react", randomId++, null, List.of()).message().id();
        long post = m.messages.send(owner, channel, "react", randomId++, null, List.of()).message().id();
        long from = seq(supergroup);
        long channelFrom = seq(channel);

        posts.reactions.sendReaction(member, supergroup, message, "👍");
        posts.reactions.sendReaction(member, supergroup, message, "🔥");
        posts.reactions.sendReaction(member, channel, post, "👍");

        assertThat(read(bot, supergroup, from).stream().map(u -> ((Update.MessageReactions) u).change()).toList())
                .containsExactly(new ReactionChange(member, null, "👍"), new ReactionChange(member, "👍", "🔥"));
        assertThat(read(plainBot, supergroup, from)).allSatisfy(u -> assertThat(
                ((Update.MessageReactions) u).change()).isNull());
        assertThat(read(owner, supergroup, from)).allSatisfy(u -> assertThat(
                ((Update.MessageReactions) u).change()).isNull());
        assertThat(read(bot, channel, channelFrom)).singleElement().satisfies(u -> assertThat(
                ((Update.MessageReactions) u).change()).isNull());
        assertThat(m.count("SELECT COUNT(*) FROM chat_events WHERE chat_id = ? AND kind = 'reactions' "
                + "AND payload LIKE ?", channel, "%\"userId\"%")).isZero();
    }
}
