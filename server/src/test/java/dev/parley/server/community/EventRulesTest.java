package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.channel.EventMethods.Create;
import dev.parley.protocol.channel.EventMethods.Event;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.Rights;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events with RSVP: who creates them, answers and counts, reminders once before the start. */
class EventRulesTest extends CommunitySpec {

    private Event create(long user, long chatId, long startIn, Integer remindBefore) {
        return m.events.create(user, new Create(chatId, "Meetup", now() + startIn, "bring snacks", remindBefore));
    }

    private List<Update.EventReminder> reminders(long user) {
        return m.sync.getDifference(user, 0, 1000).updates().stream()
                .filter(Update.EventReminder.class::isInstance).map(Update.EventReminder.class::cast).toList();
    }

    @Test
    void membersAnswerAndTheCountsFollowTheirLatestAnswer() {
        long chat = supergroup("theclub");
        long alice = member("alice", "theclub");
        long bobby = member("bobby", "theclub");
        long outsider = m.user("outsider");
        Event event = create(owner, chat, 86_400, null);

        m.events.rsvp(alice, event.eventId(), "going");
        m.events.rsvp(bobby, event.eventId(), "going");
        Event seen = m.events.rsvp(bobby, event.eventId(), "maybe");

        assertThat(seen.going()).isEqualTo(1);
        assertThat(seen.maybe()).isEqualTo(1);
        assertThat(seen.myAnswer()).isEqualTo("maybe");
        assertThat(m.events.list(alice, chat, false).events()).singleElement()
                .satisfies(e -> assertThat(e.myAnswer()).isEqualTo("going"));
        fails(ErrorCode.EVENT_NOT_FOUND, () -> m.events.rsvp(outsider, event.eventId(), "going"));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.events.list(outsider, chat, false));
    }

    @Test
    void creatingAnEventNeedsTheRightToPost() {
        long news = channel("thenews");
        long subscriber = member("subscriber", "thenews");
        long poster = member("poster", "thenews");
        admin(news, poster, Rights.POST_MESSAGES);
        long peer = m.user("peer");
        long direct = m.chats.createPrivate(owner, peer).chatId();

        fails(ErrorCode.FORBIDDEN, () -> create(subscriber, news, 3600, null));
        assertThat(create(poster, news, 3600, null).creatorId()).isEqualTo(poster);
        fails(ErrorCode.PEER_INVALID, () -> create(owner, direct, 3600, null));
        fails(ErrorCode.BAD_REQUEST, () -> create(owner, news, 0, null));
    }

    @Test
    void theReminderGoesOutOnceToThoseGoingOrMaybeBeforeTheStart() {
        long chat = supergroup("theclub");
        long going = member("goingmember", "theclub");
        long maybe = member("maybemember", "theclub");
        long notGoing = member("nomember", "theclub");
        Event event = create(owner, chat, 3600, 600);
        m.events.rsvp(going, event.eventId(), "going");
        m.events.rsvp(maybe, event.eventId(), "maybe");
        m.events.rsvp(notGoing, event.eventId(), "no");

        clock.advance(Duration.ofMinutes(49));
        m.events.remindDue();
        assertThat(reminders(going)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        m.events.remindDue();
        m.events.remindDue();

        assertThat(reminders(going)).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo(event.eventId());
            assertThat(r.startDate()).isEqualTo(event.startDate());
        });
        assertThat(reminders(maybe)).hasSize(1);
        assertThat(reminders(notGoing)).isEmpty();
        assertThat(reminders(owner)).isEmpty();
    }

    @Test
    void anEventThatStartedWhileNobodyRemindedGetsNoLateReminder() {
        long chat = supergroup("theclub");
        long going = member("goingmember", "theclub");
        Event event = create(owner, chat, 3600, 600);
        m.events.rsvp(going, event.eventId(), "going");

        clock.advance(Duration.ofHours(2));
        m.events.remindDue();

        assertThat(reminders(going)).isEmpty();
        assertThat(m.events.list(going, chat, false).events()).isEmpty();
        assertThat(m.events.list(going, chat, true).events()).hasSize(1);
    }
}
