package dev.parley.server.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods;
import dev.parley.protocol.message.PostMethods.ReactionCount;
import dev.parley.protocol.message.PostMethods.Reactions;
import dev.parley.protocol.sync.Update;
import dev.parley.server.account.MutableClock;
import dev.parley.server.chat.Rights;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactions and view counters through the services on a real database: one reaction per account, allowed sets,
 * aggregated counts, updates for small and large chats, rows written independent of the audience.
 */
class PostRulesTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    MessagingFixture m;
    PostFeature posts;
    long owner;
    long reader;
    long other;
    long channel;
    private long randomId = 1;

    /** The dialect these specs run on; the {@code …PostgresTest} subclass runs them all on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeEach
    void setUp() {
        m = new MessagingFixture(backend(), dir, SyncSettings.defaults(), clock);
        posts = m.feature.posts;
        owner = m.user("owner");
        reader = m.user("reader");
        other = m.user("other");
        channel = create(ChannelMethods.KIND_CHANNEL, "postnews");
        m.channels.join(reader, channel, null);
        m.channels.join(other, channel, null);
    }

    @AfterEach
    void close() {
        m.close();
    }

    long create(String kind, String username) {
        return m.channels.create(owner, new ChannelMethods.Create("posts", null, username, kind, false)).chatId();
    }

    long post(long from, long chatId) {
        return m.messages.send(from, chatId, "post " + randomId, randomId++, null, List.of()).message().id();
    }

    Message read(long userId, long chatId, long id) {
        return m.history.getHistory(userId, chatId, null, 100, true).messages().stream().filter(x -> x.id() == id)
                .findFirst().orElseThrow();
    }

    static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    // ---- reactions ----

    @Test
    void eachAccountReactsOnceAndChangingMovesItsCount() {
        long id = post(owner, channel);

        posts.reactions.sendReaction(reader, channel, id, "👍");
        posts.reactions.sendReaction(other, channel, id, "👍");
        posts.reactions.sendReaction(reader, channel, id, "👍");
        Reactions afterChange = posts.reactions.sendReaction(reader, channel, id, "🔥");

        assertThat(afterChange).isEqualTo(new Reactions(
                List.of(new ReactionCount("👍", 1), new ReactionCount("🔥", 1)), "🔥"));
        assertThat(read(other, channel, id).reactions().mine()).isEqualTo("👍");
        assertThat(read(owner, channel, id).reactions())
                .isEqualTo(new Reactions(afterChange.counts(), null));
    }

    @Test
    void removingTheReactionDropsItsCountAndAnEmptyMessageShowsNoReactions() {
        long id = post(owner, channel);
        posts.reactions.sendReaction(reader, channel, id, "❤️");

        Reactions removed = posts.reactions.sendReaction(reader, channel, id, null);

        assertThat(removed).isEqualTo(new Reactions(List.of(), null));
        assertThat(read(reader, channel, id).reactions()).isNull();
        assertThat(m.count("SELECT COUNT(*) FROM message_reaction_counts")).isZero();
    }

    @Test
    void onlyTheChatsAllowedReactionsAreAcceptedAndAnEmptySetTurnsThemOff() {
        long id = post(owner, channel);
        assertThat(posts.reactions.getAvailableReactions(reader, channel)).isEqualTo(PostMethods.DEFAULT_REACTIONS);
        fails(ErrorCode.REACTION_INVALID, () -> posts.reactions.sendReaction(reader, channel, id, "🦄"));

        posts.reactions.setAvailableReactions(owner, channel, List.of("🦄"));
        posts.reactions.sendReaction(reader, channel, id, "🦄");
        fails(ErrorCode.REACTION_INVALID, () -> posts.reactions.sendReaction(other, channel, id, "👍"));

        posts.reactions.setAvailableReactions(owner, channel, List.of());
        fails(ErrorCode.REACTION_INVALID, () -> posts.reactions.sendReaction(other, channel, id, "🦄"));
        assertThat(m.moderation.getAdminLog(owner, channel, 10).entries().getFirst().action())
                .isEqualTo("setAvailableReactions");
    }

    @Test
    void nonMembersCannotReactOrSeeAPrivateChatsReactionsAndDeletedMessagesTakeNone() {
        long id = post(owner, channel);
        long outsider = m.user("outsider");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> posts.reactions.sendReaction(outsider, channel, id, "👍"));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> posts.reactions.setAvailableReactions(outsider, channel, List.of()));
        long hidden = create(ChannelMethods.KIND_CHANNEL, null);
        fails(ErrorCode.CHAT_NOT_FOUND, () -> posts.reactions.getAvailableReactions(outsider, hidden));
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> posts.reactions.sendReaction(reader, channel, id + 100, "👍"));
        m.messages.delete(owner, channel, List.of(id), true);
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> posts.reactions.sendReaction(reader, channel, id, "👍"));
    }

    @Test
    void aReactionInAChannelIsOneEventInItsDifferenceAndWritesNoRowPerSubscriber() {
        for (int i = 0; i < 50; i++) {
            m.channels.join(m.user("sub" + i), channel, null);
        }
        long id = post(owner, channel);
        long from = m.channels.getDifference(reader, channel, 0, 1000).seq();

        Map<String, Long> rows = m.rowsWrittenBy(() -> posts.reactions.sendReaction(other, channel, id, "🎉"));

        assertThat(rows).isEqualTo(Map.of("message_reactions", 1L, "message_reaction_counts", 1L,
                "chat_events", 1L));
        List<Update> updates = m.channels.getDifference(other, channel, from, 100).updates();
        assertThat(updates).singleElement().isInstanceOfSatisfying(Update.MessageReactions.class, u -> {
            assertThat(u.id()).isEqualTo(id);
            assertThat(u.reactions()).isEqualTo(new Reactions(List.of(new ReactionCount("🎉", 1)), "🎉"));
        });
    }

    @Test
    void inASmallGroupEveryMemberGetsTheReactionUpdateWithTheirOwnReaction() {
        long group = m.chats.createGroup(owner, "friends", List.of(reader, other)).chat().chatId();
        long id = post(owner, group);
        long ownerPts = m.sync.getState(owner).pts();
        posts.reactions.sendReaction(owner, group, id, "👍");
        long readerPts = m.sync.getState(reader).pts();

        posts.reactions.sendReaction(reader, group, id, "👍");

        var ownerSees = m.sync.getDifference(owner, ownerPts, 100).updates();
        assertThat(ownerSees).last().isInstanceOfSatisfying(Update.MessageReactions.class, u -> assertThat(
                u.reactions()).isEqualTo(new Reactions(List.of(new ReactionCount("👍", 2)), "👍")));
        var readerSees = m.sync.getDifference(reader, readerPts, 100).updates();
        assertThat(readerSees).singleElement().isInstanceOf(Update.MessageReactions.class);
        fails(ErrorCode.FORBIDDEN, () -> posts.reactions.setAvailableReactions(reader, group, List.of("👍")));
        long direct = m.chats.createPrivate(owner, reader).chatId();
        fails(ErrorCode.PEER_INVALID, () -> posts.reactions.setAvailableReactions(owner, direct, List.of("👍")));
    }

    @Test
    void concurrentReactionsAreCountedExactly() throws Exception {
        long id = post(owner, channel);
        List<Long> users = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long u = m.user("fan" + i);
            m.channels.join(u, channel, null);
            users.add(u);
        }
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (long u : users) {
                done.add(pool.submit(() -> {
                    posts.reactions.sendReaction(u, channel, id, "👍");
                    posts.reactions.sendReaction(u, channel, id, "🔥");
                    posts.reactions.sendReaction(u, channel, id, u % 2 == 0 ? "👍" : "🔥");
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
        assertThat(read(owner, channel, id).reactions().counts())
                .containsExactlyInAnyOrder(new ReactionCount("👍", 8), new ReactionCount("🔥", 8));
    }

    @Test
    void anErasedAccountsReactionsAndVotesAreTakenBack() {
        long id = post(owner, channel);
        posts.reactions.sendReaction(reader, channel, id, "👍");
        posts.reactions.sendReaction(other, channel, id, "👍");
        long poll = posts.polls.sendPoll(owner, new PostMethods.SendPoll(channel, randomId++, "Best?",
                List.of("a", "b"), null, null, null, false, null, null, null)).message().id();
        posts.polls.vote(reader, channel, poll, List.of(1));

        m.database.write(h -> m.erasure.eraseAccount(h, reader));

        assertThat(read(owner, channel, id).reactions().counts()).containsExactly(new ReactionCount("👍", 1));
        PostMethods.Poll after = read(owner, channel, poll).poll();
        assertThat(after.totalVoters()).isZero();
        assertThat(after.options()).extracting(PostMethods.PollOption::voters).containsExactly(0, 0);
        assertThat(posts.polls.getPollVoters(owner, channel, poll, null, 0, 10).voters()).isEmpty();
    }

    // ---- views ----

    @Test
    void aViewCountsOncePerAccountAndChannelPostsShowTheirViews() {
        long id = post(owner, channel);
        assertThat(read(reader, channel, id).views()).isZero();

        posts.views.getMessagesViews(reader, channel, List.of(id), true);
        posts.views.getMessagesViews(reader, channel, List.of(id), true);
        var counts = posts.views.getMessagesViews(other, channel, List.of(id), true);

        assertThat(counts.views()).containsExactly(new PostMethods.ViewCount(id, 2));
        assertThat(posts.views.getMessagesViews(owner, channel, List.of(id), false).views())
                .containsExactly(new PostMethods.ViewCount(id, 2));
        assertThat(read(owner, channel, id).views()).isEqualTo(2);
    }

    @Test
    void publicChannelsCountPreviewViewsAndPrivateOnesAreInvisibleToOutsiders() {
        long id = post(owner, channel);
        long outsider = m.user("outsider");
        posts.views.getMessagesViews(outsider, channel, List.of(id), true);
        assertThat(read(owner, channel, id).views()).isEqualTo(1);

        long hidden = create(ChannelMethods.KIND_CHANNEL, null);
        long secret = post(owner, hidden);
        fails(ErrorCode.CHAT_NOT_FOUND, () -> posts.views.getMessagesViews(outsider, hidden, List.of(secret), true));
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> posts.views.getMessagesViews(reader, channel, List.of(id + 50),
                true));
    }

    @Test
    void aViewWritesTheSameRowsWhateverTheAudience() {
        long id = post(owner, channel);
        Map<String, Long> first = m.rowsWrittenBy(
                () -> posts.views.getMessagesViews(reader, channel, List.of(id), true));
        for (int i = 0; i < 40; i++) {
            m.channels.join(m.user("late" + i), channel, null);
        }
        Map<String, Long> second = m.rowsWrittenBy(() -> posts.views.getMessagesViews(other, channel, List.of(id),
                true));

        assertThat(first).isEqualTo(Map.of("message_viewers", 1L, "message_view_counts", 1L));
        assertThat(second).isEqualTo(Map.of("message_viewers", 1L));
    }

    @Test
    void rightsGuardingReactionSettings() {
        long admin = m.user("admin");
        m.channels.join(admin, channel, null);
        m.moderation.setAdmin(owner, channel, admin, Rights.adminRights(Rights.ALL_ADMIN & ~Rights.CHANGE_INFO
                & ~Rights.ADD_ADMINS));
        fails(ErrorCode.FORBIDDEN, () -> posts.reactions.setAvailableReactions(admin, channel, List.of("👍")));
        fails(ErrorCode.FORBIDDEN, () -> posts.reactions.setAvailableReactions(reader, channel, List.of("👍")));
        m.moderation.setAdmin(owner, channel, admin, Rights.adminRights(Rights.CHANGE_INFO));
        assertThatCode(() -> posts.reactions.setAvailableReactions(admin, channel, List.of("👍")))
                .doesNotThrowAnyException();
    }
}
