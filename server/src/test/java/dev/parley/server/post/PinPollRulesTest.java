package dev.parley.server.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods.Poll;
import dev.parley.protocol.message.PostMethods.PollOption;
import dev.parley.protocol.message.PostMethods.SendPoll;
import dev.parley.protocol.message.PostMethods.Voter;
import dev.parley.protocol.sync.Update;
import dev.parley.server.account.MutableClock;
import dev.parley.server.chat.Rights;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pins and polls through the services on a real database, with the rights that guard them. */
class PinPollRulesTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    private MessagingFixture m;
    private PostFeature posts;
    private long owner;
    private long admin;
    private long member;
    private long channel;
    private long supergroup;
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
        admin = m.user("admin");
        member = m.user("member");
        channel = create(ChannelMethods.KIND_CHANNEL, "pinnews");
        supergroup = create(ChannelMethods.KIND_SUPERGROUP, "pintalk");
        for (long chat : List.of(channel, supergroup)) {
            m.channels.join(admin, chat, null);
            m.channels.join(member, chat, null);
        }
    }

    @AfterEach
    void close() {
        m.close();
    }

    private long create(String kind, String username) {
        return m.channels.create(owner, new ChannelMethods.Create("pins", null, username, kind, false)).chatId();
    }

    private long post(long from, long chatId) {
        return m.messages.send(from, chatId, "post " + randomId, randomId++, null, List.of()).message().id();
    }

    private static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    private List<Long> pinned(long userId, long chatId) {
        return posts.pins.getPinned(userId, chatId).messages().stream().map(Message::id).toList();
    }

    private void grant(long chatId, int mask) {
        m.moderation.setAdmin(owner, chatId, admin, Rights.adminRights(mask));
    }

    private Message poll(long from, long chatId, boolean quiz, boolean anonymous, boolean multiple, Long closeDate) {
        return posts.polls.sendPoll(from, new SendPoll(chatId, randomId++, "Lunch?", List.of("pizza", "soup", "salad"),
                quiz, quiz ? 1 : null, quiz ? "soup is correct" : null, anonymous, multiple, closeDate, null))
                .message();
    }

    // ---- pins ----

    @Test
    void severalMessagesArePinnedNewestFirstAndUnpinnedOneByOneOrAllAtOnce() {
        long first = post(owner, channel);
        long second = post(owner, channel);
        long third = post(owner, channel);

        posts.pins.pin(owner, channel, first, false);
        clock.advance(Duration.ofSeconds(1));
        posts.pins.pin(owner, channel, third, true);
        posts.pins.pin(owner, channel, third, false);

        assertThat(pinned(member, channel)).containsExactly(third, first);
        assertThat(m.history.getHistory(member, channel, null, 10, true).messages())
                .filteredOn(x -> Boolean.TRUE.equals(x.pinned())).extracting(Message::id)
                .containsExactlyInAnyOrder(first, third);
        posts.pins.unpin(owner, channel, third);
        assertThat(pinned(member, channel)).containsExactly(first);
        posts.pins.pin(owner, channel, second, false);
        posts.pins.unpinAll(owner, channel);
        assertThat(pinned(member, channel)).isEmpty();
    }

    @Test
    void pinsAreChannelEventsAndADeletedPinnedMessageDisappearsFromThePinnedList() {
        long id = post(owner, channel);
        long from = m.channels.getDifference(member, channel, 0, 100).seq();

        posts.pins.pin(owner, channel, id, true);

        assertThat(m.channels.getDifference(member, channel, from, 100).updates()).singleElement()
                .isEqualTo(new Update.PinnedMessages(channel, List.of(id), true, true, from + 1));
        m.messages.delete(owner, channel, List.of(id), true);
        assertThat(pinned(member, channel)).isEmpty();
    }

    @Test
    void whoMayPinInEachKindOfChat() {
        long inChannel = post(owner, channel);
        fails(ErrorCode.FORBIDDEN, () -> posts.pins.pin(member, channel, inChannel, false));
        grant(channel, Rights.ALL_ADMIN & ~Rights.PIN_MESSAGES & ~Rights.ADD_ADMINS);
        fails(ErrorCode.FORBIDDEN, () -> posts.pins.pin(admin, channel, inChannel, false));
        grant(channel, Rights.PIN_MESSAGES);
        assertThatCode(() -> posts.pins.pin(admin, channel, inChannel, false)).doesNotThrowAnyException();
        fails(ErrorCode.FORBIDDEN, () -> posts.pins.unpinAll(member, channel));

        long inSupergroup = post(member, supergroup);
        posts.pins.pin(member, supergroup, inSupergroup, false);
        m.moderation.setDefaultPermissions(owner, supergroup, new MemberPermissions(true, true, false, true));
        fails(ErrorCode.FORBIDDEN, () -> posts.pins.unpin(member, supergroup, inSupergroup));

        long group = m.chats.createGroup(owner, "friends", List.of(member)).chat().chatId();
        long inGroup = post(member, group);
        fails(ErrorCode.FORBIDDEN, () -> posts.pins.pin(member, group, inGroup, false));
        posts.pins.pin(owner, group, inGroup, false);

        long direct = m.chats.createPrivate(member, owner).chatId();
        long inDirect = post(owner, direct);
        posts.pins.pin(member, direct, inDirect, false);
        assertThat(pinned(owner, direct)).containsExactly(inDirect);

        long outsider = m.user("outsider");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> posts.pins.pin(outsider, direct, inDirect, false));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> posts.pins.getPinned(outsider, direct));
    }

    @Test
    void aSmallGroupsMembersGetThePinInTheirUpdateLog() {
        long group = m.chats.createGroup(owner, "friends", List.of(member)).chat().chatId();
        long id = post(owner, group);
        long pts = m.sync.getState(member).pts();

        posts.pins.pin(owner, group, id, false);

        assertThat(m.sync.getDifference(member, pts, 100).updates()).singleElement()
                .isInstanceOfSatisfying(Update.PinnedMessages.class, u -> {
                    assertThat(u.ids()).containsExactly(id);
                    assertThat(u.pinned()).isTrue();
                    assertThat(u.silent()).isFalse();
                });
    }

    // ---- polls ----

    @Test
    void votesAreCountedPerOptionAndAVoteCanBeChangedOrRetracted() {
        long group = m.chats.createGroup(owner, "friends", List.of(member, admin)).chat().chatId();
        Message sent = poll(owner, group, false, true, false, null);
        assertThat(sent.text()).isEqualTo("Lunch?");
        assertThat(sent.poll().options()).extracting(PollOption::voters).containsExactly(0, 0, 0);

        posts.polls.vote(member, group, sent.id(), List.of(0));
        Poll changed = posts.polls.vote(member, group, sent.id(), List.of(2));
        posts.polls.vote(admin, group, sent.id(), List.of(2));

        assertThat(changed.chosen()).containsExactly(2);
        Poll seen = m.history.getHistory(owner, group, null, 10, true).messages().getFirst().poll();
        assertThat(seen.options()).extracting(PollOption::voters).containsExactly(0, 0, 2);
        assertThat(seen.totalVoters()).isEqualTo(2);
        assertThat(seen.chosen()).isNull();

        Poll retracted = posts.polls.vote(member, group, sent.id(), List.of());
        assertThat(retracted.totalVoters()).isEqualTo(1);
        assertThat(retracted.chosen()).isNull();
        fails(ErrorCode.POLL_OPTION_INVALID, () -> posts.polls.vote(member, group, sent.id(), List.of(0, 1)));
        fails(ErrorCode.POLL_OPTION_INVALID, () -> posts.polls.vote(member, group, sent.id(), List.of(3)));
        fails(ErrorCode.FORBIDDEN, () -> posts.polls.getPollVoters(member, group, sent.id(), null, 0, 10));
    }

    @Test
    void aQuizRevealsItsAnswerOnlyAfterVotingAndTheAnswerIsFinal() {
        Message quiz = poll(owner, supergroup, true, true, false, null);
        assertThat(quiz.poll().correctOption()).isNull();

        Poll answered = posts.polls.vote(member, supergroup, quiz.id(), List.of(0));

        assertThat(answered.correctOption()).isEqualTo(1);
        assertThat(answered.explanation()).isEqualTo("soup is correct");
        assertThat(m.history.getHistory(admin, supergroup, null, 10, true).messages().getFirst().poll()
                .correctOption()).isNull();
        fails(ErrorCode.FORBIDDEN, () -> posts.polls.vote(member, supergroup, quiz.id(), List.of(1)));
        fails(ErrorCode.POLL_OPTION_INVALID, () -> posts.polls.vote(admin, supergroup, quiz.id(), List.of()));
    }

    @Test
    void aMultipleChoicePublicPollListsItsVoters() {
        Message sent = poll(owner, supergroup, false, false, true, null);

        posts.polls.vote(member, supergroup, sent.id(), List.of(2, 0));
        clock.advance(Duration.ofSeconds(1));
        posts.polls.vote(admin, supergroup, sent.id(), List.of(0));

        assertThat(posts.polls.getPollVoters(owner, supergroup, sent.id(), null, 0, 10).voters())
                .containsExactly(new Voter(member, List.of(0, 2)), new Voter(admin, List.of(0)));
        assertThat(posts.polls.getPollVoters(owner, supergroup, sent.id(), 2, 0, 10).voters())
                .containsExactly(new Voter(member, List.of(0, 2)));
        assertThat(posts.polls.getPollVoters(owner, supergroup, sent.id(), null, 1, 10).voters())
                .containsExactly(new Voter(admin, List.of(0)));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> posts.polls.getPollVoters(m.user("outsider"),
                create(ChannelMethods.KIND_SUPERGROUP, null), sent.id(), null, 0, 10));
    }

    @Test
    void aClosedPollTakesNoVotesAndOnlyItsAuthorOrAnEditingAdminClosesIt() {
        Message sent = poll(owner, channel, false, true, false, null);
        fails(ErrorCode.FORBIDDEN, () -> posts.polls.closePoll(member, channel, sent.id()));
        grant(channel, Rights.ALL_ADMIN & ~Rights.EDIT_MESSAGES & ~Rights.ADD_ADMINS);
        fails(ErrorCode.FORBIDDEN, () -> posts.polls.closePoll(admin, channel, sent.id()));
        grant(channel, Rights.EDIT_MESSAGES);

        Poll closed = posts.polls.closePoll(admin, channel, sent.id());

        assertThat(closed.closed()).isTrue();
        fails(ErrorCode.POLL_CLOSED, () -> posts.polls.vote(member, channel, sent.id(), List.of(0)));
        long plain = post(owner, channel);
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> posts.polls.vote(member, channel, plain, List.of(0)));
        fails(ErrorCode.FORBIDDEN, () -> poll(member, channel, false, true, false, null));
    }

    @Test
    void aPollClosesByItselfAtItsCloseDate() {
        long now = clock.instant().getEpochSecond();
        fails(ErrorCode.BAD_REQUEST, () -> poll(owner, supergroup, false, true, false, now));
        Message sent = poll(owner, supergroup, false, true, false, now + 60);
        posts.polls.vote(member, supergroup, sent.id(), List.of(1));

        clock.advance(Duration.ofSeconds(61));

        fails(ErrorCode.POLL_CLOSED, () -> posts.polls.vote(admin, supergroup, sent.id(), List.of(1)));
        assertThat(m.history.getHistory(member, supergroup, null, 10, true).messages().getFirst().poll().closed())
                .isTrue();
    }

    @Test
    void votesInAChannelAreEventsInItsDifferenceWithNoRowPerSubscriber() {
        Message sent = poll(owner, channel, false, true, false, null);
        long from = m.channels.getDifference(member, channel, 0, 100).seq();

        posts.polls.vote(member, channel, sent.id(), List.of(1));

        assertThat(m.channels.getDifference(admin, channel, from, 100).updates()).singleElement()
                .isInstanceOfSatisfying(Update.MessagePoll.class, u -> {
                    assertThat(u.poll().options()).extracting(PollOption::voters).containsExactly(0, 1, 0);
                    assertThat(u.poll().chosen()).isNull();
                });
        assertThat(m.count("SELECT COUNT(*) FROM update_log WHERE chat_id = ?", channel)).isZero();
    }

    @Test
    void concurrentVotesAreCountedExactly() throws Exception {
        Message sent = poll(owner, supergroup, false, true, false, null);
        List<Long> voters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long u = m.user("voter" + i);
            m.channels.join(u, supergroup, null);
            voters.add(u);
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (long u : voters) {
                done.add(pool.submit(() -> {
                    posts.polls.vote(u, supergroup, sent.id(), List.of(0));
                    posts.polls.vote(u, supergroup, sent.id(), List.of(1));
                    posts.polls.vote(u, supergroup, sent.id(), List.of((int) (u % 2 == 0 ? 0 : 2)));
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        Poll result = m.history.getHistory(owner, supergroup, null, 1, true).messages().getFirst().poll();
        assertThat(result.options()).extracting(PollOption::voters).containsExactly(8, 0, 8);
        assertThat(result.totalVoters()).isEqualTo(16);
    }

    /** Each guarded post action with the admin right it needs in a channel (where members hold no permissions). */
    enum Right {
        PIN_MESSAGES(Rights.PIN_MESSAGES),
        CHANGE_INFO(Rights.CHANGE_INFO),
        EDIT_MESSAGES(Rights.EDIT_MESSAGES);

        final int bit;

        Right(int bit) {
            this.bit = bit;
        }
    }

    private ThrowingCallable use(Right right, long actor) {
        return switch (right) {
            case PIN_MESSAGES -> {
                long id = post(owner, channel);
                yield () -> posts.pins.pin(actor, channel, id, false);
            }
            case CHANGE_INFO -> () -> posts.reactions.setAvailableReactions(actor, channel, List.of("👍"));
            case EDIT_MESSAGES -> {
                long id = poll(owner, channel, false, true, false, null).id();
                yield () -> posts.polls.closePoll(actor, channel, id);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Right.class)
    void anAdminWithTheRightMayAndWithoutItMayNot(Right right) {
        fails(ErrorCode.FORBIDDEN, use(right, member));
        grant(channel, Rights.ALL_ADMIN & ~right.bit & ~Rights.ADD_ADMINS);
        fails(ErrorCode.FORBIDDEN, use(right, admin));
        grant(channel, right.bit);
        assertThatCode(use(right, admin)).doesNotThrowAnyException();
    }
}
