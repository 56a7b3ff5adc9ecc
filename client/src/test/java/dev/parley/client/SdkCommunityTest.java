package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.Posts.PollDraft;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.EventMethods.Event;
import dev.parley.protocol.channel.InviteMethods.Invite;
import dev.parley.protocol.channel.ModerationMethods.AdminLogEntry;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ReportMethods.ChatReport;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods.Poll;
import dev.parley.protocol.message.PostMethods.ReactionCount;
import dev.parley.protocol.message.PostMethods.Voter;
import dev.parley.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's post, moderation, invite, discussion and community facades against a real server: each does what the
 * protocol says, and what the server refuses reaches the caller as a typed {@link ParleyException}.
 */
class SdkCommunityTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();

    private final List<Person> people = new ArrayList<>();

    @AfterEach
    void closeAll() {
        people.reversed().forEach(Person::close);
    }

    private Person person(String prefix) {
        Person person = Person.register(server.httpUri(), prefix);
        people.add(person);
        return person;
    }

    private static void fails(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    private static Chat channel(Person owner, String kind) {
        return owner.client().channels().create(kind, "Club " + kind, Accounts.username("c").replace('-', '_'), null,
                false);
    }

    private static AdminRights only(boolean banUsers, boolean addAdmins) {
        return new AdminRights(false, false, false, false, banUsers, false, false, false, addAdmins);
    }

    @Test
    void subscribersReactAndCountViewsWhileOnlyAdminsPin() {
        Person owner = person("owner");
        Person reader = person("reader");
        Chat chat = channel(owner, "channel");
        reader.client().channels().join(chat.username());
        long post = owner.client().channels().post(chat.chatId(), "launch day", null, false).message().id();

        assertThat(reader.client().posts().react(chat.chatId(), post, "🔥").mine()).isEqualTo("🔥");
        owner.client().posts().react(chat.chatId(), post, "🔥");
        reader.client().posts().views(chat.chatId(), List.of(post), true);
        reader.client().posts().views(chat.chatId(), List.of(post), true);
        owner.client().posts().pin(chat.chatId(), post, true);

        assertThat(owner.client().posts().reactions(chat.chatId(), post).counts())
                .containsExactly(new ReactionCount("🔥", 2));
        assertThat(reader.client().posts().unreact(chat.chatId(), post).counts())
                .containsExactly(new ReactionCount("🔥", 1));
        assertThat(owner.client().posts().views(chat.chatId(), List.of(post), false).getFirst().views()).isEqualTo(1);
        assertThat(reader.client().posts().pinned(chat.chatId())).extracting(Message::id).containsExactly(post);
        fails(ErrorCode.REACTION_INVALID, () -> reader.client().posts().react(chat.chatId(), post, "🦄"));
        fails(ErrorCode.FORBIDDEN, () -> reader.client().posts().unpin(chat.chatId(), post));
        owner.client().posts().unpinAll(chat.chatId());
        assertThat(reader.client().posts().pinned(chat.chatId())).isEmpty();
    }

    @Test
    void aQuizShowsItsAnswerAfterVotingAndOnlyItsAuthorClosesIt() {
        Person owner = person("quizzer");
        Person member = person("player");
        Chat group = channel(owner, "supergroup");
        member.client().channels().join(group.username());
        long quiz = owner.client().posts().sendPoll(group.chatId(), PollDraft.quiz("2+2?", List.of("3", "4"), 1,
                "basic sums"), false).message().id();
        long poll = member.client().posts().sendPoll(group.chatId(), PollDraft.regular("Lunch?",
                List.of("pizza", "salad", "soup")).withAnonymous(false).withMultipleChoice(true), false).message().id();

        Poll answered = member.client().posts().vote(group.chatId(), quiz, List.of(0));
        owner.client().posts().vote(group.chatId(), poll, List.of(0, 2));
        member.client().posts().vote(group.chatId(), poll, List.of(2));

        assertThat(answered.correctOption()).isEqualTo(1);
        assertThat(answered.explanation()).isEqualTo("basic sums");
        fails(ErrorCode.FORBIDDEN, () -> member.client().posts().vote(group.chatId(), quiz, List.of(1)));
        fails(ErrorCode.FORBIDDEN, () -> member.client().posts().closePoll(group.chatId(), quiz));
        assertThat(owner.client().posts().closePoll(group.chatId(), quiz).closed()).isTrue();
        fails(ErrorCode.POLL_CLOSED, () -> owner.client().posts().vote(group.chatId(), quiz, List.of(1)));
        Poll lunch = owner.client().posts().poll(group.chatId(), poll);
        assertThat(lunch.options()).extracting(o -> o.voters()).containsExactly(1, 0, 2);
        assertThat(lunch.chosen()).containsExactly(0, 2);
        assertThat(owner.client().posts().pollVoters(group.chatId(), poll, 2, 0, 10)).extracting(Voter::userId)
                .containsExactlyInAnyOrder(owner.userId(), member.userId());
        fails(ErrorCode.FORBIDDEN, () -> owner.client().posts().pollVoters(group.chatId(), quiz, null, 0, 10));
    }

    @Test
    void anAdminWithBanRightsBansUntilADateButCannotAppointAdmins() {
        Person owner = person("mod_owner");
        Person admin = person("mod_admin");
        Person troll = person("mod_troll");
        Chat group = channel(owner, "supergroup");
        admin.client().channels().join(group.username());
        troll.client().channels().join(group.username());
        owner.client().moderation().setAdmin(group.chatId(), admin.userId(), only(true, false));
        long until = Instant.now().plusSeconds(3600).getEpochSecond();

        admin.client().moderation().ban(group.chatId(), troll.userId(), until);

        fails(ErrorCode.USER_BANNED, () -> troll.client().channels().join(group.username()));
        fails(ErrorCode.FORBIDDEN, () -> admin.client().moderation().setAdmin(group.chatId(), troll.userId(),
                only(true, false)));
        List<AdminLogEntry> log = owner.client().moderation().adminLog(group.chatId(), 10);
        assertThat(log).extracting(AdminLogEntry::action).containsExactly("ban", "setAdmin");
        assertThat(log.getFirst().details()).contains(Long.toString(until));
        admin.client().moderation().unban(group.chatId(), troll.userId());
        troll.client().channels().join(group.username());
        fails(ErrorCode.FORBIDDEN, () -> troll.client().moderation().adminLog(group.chatId(), 10));
        owner.client().moderation().demote(group.chatId(), admin.userId());
        fails(ErrorCode.FORBIDDEN, () -> admin.client().moderation().ban(group.chatId(), troll.userId(), 0));
    }

    @Test
    void slowModeAndRestrictionsHoldMembersBackButNotAdmins() {
        Person owner = person("slow_owner");
        Person member = person("slow_member");
        Person quiet = person("slow_quiet");
        Chat group = channel(owner, "supergroup");
        member.client().channels().join(group.username());
        quiet.client().channels().join(group.username());

        owner.client().moderation().setSlowMode(group.chatId(), 60);
        owner.client().moderation().restrict(group.chatId(), quiet.userId(), Moderation.READ_ONLY, 0);
        member.client().channels().post(group.chatId(), "first", null, false);

        assertThatThrownBy(() -> member.client().channels().post(group.chatId(), "second", null, false))
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SLOWMODE_WAIT);
                    assertThat(e.retryAfter().orElseThrow()).isBetween(1, 60);
                });
        fails(ErrorCode.FORBIDDEN, () -> quiet.client().channels().post(group.chatId(), "hi", null, false));
        owner.client().channels().post(group.chatId(), "admins", null, false);
        owner.client().channels().post(group.chatId(), "are not slowed", null, false);
        fails(ErrorCode.FORBIDDEN, () -> member.client().moderation().setSlowMode(group.chatId(), 0));
    }

    @Test
    void inviteLinksWithLimitsAndJoinRequestsBringPeopleIntoAPrivateChat() {
        Person owner = person("inv_owner");
        Person first = person("inv_first");
        Person second = person("inv_second");
        Person asker = person("inv_asker");
        Chat chat = owner.client().channels().create("supergroup", "Private", null, null, false);
        Invite once = owner.client().invites().create(chat.chatId(), null, 1, false);
        Invite ask = owner.client().invites().create(chat.chatId(), null, null, true);

        assertThat(first.client().invites().join(once.token()).status()).isEqualTo("joined");
        fails(ErrorCode.INVITE_INVALID, () -> second.client().invites().join(once.token()));
        assertThat(asker.client().invites().join(ask.token()).status()).isEqualTo("requested");
        assertThat(owner.client().invites().requests(chat.chatId())).extracting(r -> r.userId())
                .containsExactly(asker.userId());
        owner.client().invites().approve(chat.chatId(), asker.userId());
        assertThat(asker.client().chats().get(chat.chatId()).myRole()).isEqualTo("member");

        owner.client().invites().revoke(chat.chatId(), ask.token());
        assertThat(owner.client().invites().list(chat.chatId(), false)).extracting(Invite::token, Invite::usageCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(once.token(), 1));
        assertThat(owner.client().invites().list(chat.chatId(), true)).hasSize(2);
        fails(ErrorCode.FORBIDDEN, () -> first.client().invites().create(chat.chatId(), null, null, false));
        fails(ErrorCode.FORBIDDEN, () -> first.client().invites().list(chat.chatId(), false));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> second.client().invites().requests(chat.chatId()));
    }

    @Test
    void subscribersCommentOnChannelPostsInTheLinkedGroup() {
        Person owner = person("disc_owner");
        Person fan = person("disc_fan");
        Chat channel = channel(owner, "channel");
        Chat group = channel(owner, "supergroup");
        fan.client().channels().join(channel.username());
        fan.client().channels().join(group.username());
        fails(ErrorCode.FORBIDDEN, () -> fan.client().discussions().link(channel.chatId(), group.chatId()));
        owner.client().discussions().link(channel.chatId(), group.chatId());
        long post = owner.client().channels().post(channel.chatId(), "what do you think?", null, false).message()
                .id();

        fan.client().discussions().comment(channel.chatId(), post, "love it");
        owner.client().discussions().comment(channel.chatId(), post, "thanks!");

        var thread = fan.client().discussions().comments(channel.chatId(), post, 0, 10);
        assertThat(thread.groupId()).isEqualTo(group.chatId());
        assertThat(thread.count()).isEqualTo(2);
        assertThat(thread.messages()).extracting(Message::text).containsExactly("love it", "thanks!");
        assertThat(fan.client().discussions().commentCounts(channel.chatId(), List.of(post)))
                .extracting(c -> c.count()).containsExactly(2);
        Person lurker = person("disc_lurker");
        lurker.client().channels().join(channel.username());
        assertThat(lurker.client().discussions().comments(channel.chatId(), post, 0, 10).count()).isEqualTo(2);
        // A subscriber comments without joining the group, and reads the thread but not the group.
        lurker.client().discussions().comment(channel.chatId(), post, "me too");
        assertThat(lurker.client().discussions().comments(channel.chatId(), post, 0, 10).messages())
                .extracting(Message::text).containsExactly("love it", "thanks!", "me too");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> lurker.client().chats().get(group.chatId()));
        owner.client().discussions().unlink(channel.chatId());
        fails(ErrorCode.CHAT_NOT_FOUND, () -> lurker.client().discussions().comment(channel.chatId(), post, "again"));
        fails(ErrorCode.CHAT_NOT_MODIFIED, () -> owner.client().discussions().unlink(channel.chatId()));
    }

    @Test
    void membersAnswerEventsAndReportMessagesThatOnlyModeratorsSee() {
        Person owner = person("com_owner");
        Person member = person("com_member");
        Chat group = channel(owner, "supergroup");
        member.client().channels().join(group.username());
        long start = Instant.now().plusSeconds(7200).getEpochSecond();
        Event meetup = owner.client().community().createEvent(group.chatId(), "Meetup", start, "in the park", null);
        long spam = member.client().channels().post(group.chatId(), "buy now", null, false).message().id();

        Event answered = member.client().community().rsvp(meetup.eventId(), "going");
        long reportId = owner.client().community().report(group.chatId(), List.of(spam), "spam", "obvious");

        assertThat(answered.going()).isEqualTo(1);
        assertThat(answered.myAnswer()).isEqualTo("going");
        assertThat(owner.client().community().events(group.chatId(), false)).extracting(Event::title, Event::going)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Meetup", 1));
        assertThat(owner.client().community().reports(group.chatId(), null, 10)).extracting(ChatReport::reportId)
                .containsExactly(reportId);
        fails(ErrorCode.FORBIDDEN, () -> member.client().community().reports(group.chatId(), null, 10));
        fails(ErrorCode.FORBIDDEN, () -> member.client().community().resolveReport(group.chatId(), reportId,
                "dismissed"));
        owner.client().community().resolveReport(group.chatId(), reportId, "resolved");
        assertThat(owner.client().community().reports(group.chatId(), "resolved", 10)).extracting(ChatReport::status)
                .containsExactly("resolved");
        fails(ErrorCode.EVENT_NOT_FOUND, () -> person("com_outsider").client().community().rsvp(meetup.eventId(),
                "maybe"));
    }

    @Test
    void aForumClientFollowsOneTopicsEvents() {
        Person owner = person("topic_owner");
        Chat forum = channel(owner, "supergroup");
        owner.client().channels().toggleForum(forum.chatId(), true);
        long hiking = owner.client().channels().createTopic(forum.chatId(), "Hiking").topicId();
        long from = owner.client().channels().getDifference(forum.chatId(), 0, 100).seq();
        owner.client().channels().post(forum.chatId(), "trail?", hiking, false);
        owner.client().channels().post(forum.chatId(), "hello", null, false);

        var topic = owner.client().channels().getDifference(forum.chatId(), from, 100, hiking);

        assertThat(topic.updates()).hasSize(1);
        assertThat(((dev.parley.protocol.sync.Update.NewMessage) topic.updates().getFirst()).message().text())
                .isEqualTo("trail?");
        assertThat(topic.isFinal()).isTrue();
        fails(ErrorCode.BAD_REQUEST, () -> owner.client().channels().getDifference(forum.chatId(), from, 100, 0));
    }
}
