package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Send;
import dev.parley.protocol.message.ScheduledMethods.ScheduledMessage;
import dev.parley.server.chat.Rights;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduled messages: validation, listing, cancelling, early and on-time delivery, exactly once, rights. */
class ScheduledMessagesTest extends CommunitySpec {

    private ScheduledMessage schedule(long user, long chatId, String text, long at) {
        return m.scheduled.schedule(user, new Send(chatId, text, nextRandomId(), null, null, null, at, null))
                .scheduled();
    }

    @Test
    void aScheduledPostStaysInvisibleUntilItsDateAndIsThenDeliveredOnce() {
        long chat = channel("dailynews");
        long reader = member("reader", "dailynews");
        ScheduledMessage s = schedule(owner, chat, "tomorrow's news", now() + 3600);

        assertThat(m.scheduled.list(owner, chat).messages()).containsExactly(s);
        assertThat(history(reader, chat)).isEmpty();
        clock.advance(Duration.ofMinutes(59));
        m.scheduled.deliverDue();
        assertThat(history(reader, chat)).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        m.scheduled.deliverDue();
        m.scheduled.deliverDue();

        List<Message> seen = history(reader, chat);
        assertThat(seen).extracting(Message::text).containsExactly("tomorrow's news");
        assertThat(seen.getFirst().date()).isEqualTo(now());
        assertThat(m.scheduled.list(owner, chat).messages()).isEmpty();
        assertThat(m.count("SELECT COUNT(*) FROM scheduled_messages")).isZero();
    }

    @Test
    void theScheduleDateMustBeInTheFutureAndAtMostAYearAhead() {
        long chat = supergroup("theclub");
        fails(ErrorCode.SCHEDULE_DATE_INVALID, () -> schedule(owner, chat, "past", now() - 1));
        fails(ErrorCode.SCHEDULE_DATE_INVALID, () -> schedule(owner, chat, "now", now()));
        fails(ErrorCode.SCHEDULE_DATE_INVALID, () -> schedule(owner, chat, "far", now() + 366L * 24 * 3600));
        assertThat(schedule(owner, chat, "in a year", now() + 365L * 24 * 3600).text()).isEqualTo("in a year");
    }

    @Test
    void repeatingTheRequestWithTheSameRandomIdSchedulesOnce() {
        long chat = supergroup("theclub");
        Send send = new Send(chat, "once", 77L, null, null, null, now() + 60, null);
        ScheduledMessage first = m.scheduled.schedule(owner, send).scheduled();
        ScheduledMessage again = m.scheduled.schedule(owner, send).scheduled();

        assertThat(again).isEqualTo(first);
        assertThat(m.scheduled.list(owner, chat).messages()).hasSize(1);
    }

    @Test
    void sendNowDeliversAtOnceAndDeleteCancels() {
        long chat = supergroup("theclub");
        long reader = member("reader", "theclub");
        ScheduledMessage early = schedule(owner, chat, "early", now() + 600);
        ScheduledMessage cancelled = schedule(owner, chat, "cancelled", now() + 600);

        assertThat(m.scheduled.sendNow(owner, chat, List.of(early.id())).messages()).extracting(Message::text)
                .containsExactly("early");
        m.scheduled.delete(owner, chat, List.of(cancelled.id()));
        clock.advance(Duration.ofMinutes(20));
        m.scheduled.deliverDue();

        assertThat(history(reader, chat)).extracting(Message::text).containsExactly("early");
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.scheduled.delete(owner, chat, List.of(cancelled.id())));
    }

    @Test
    void scheduledMessagesWorkInPrivateChatsToo() {
        long peer = m.user("peer");
        long chat = m.chats.createPrivate(owner, peer).chatId();
        schedule(owner, chat, "good morning", now() + 30);
        clock.advance(Duration.ofSeconds(30));
        m.scheduled.deliverDue();

        assertThat(history(peer, chat)).extracting(Message::text).containsExactly("good morning");
        assertThat(m.sync.getDifference(peer, 0, 100).updates()).isNotEmpty();
    }

    @Test
    void nobodyListsCancelsOrSendsAnotherUsersScheduledMessages() {
        long chat = supergroup("theclub");
        long other = member("other", "theclub");
        long outsider = m.user("outsider");
        ScheduledMessage mine = schedule(owner, chat, "mine", now() + 60);

        assertThat(m.scheduled.list(other, chat).messages()).isEmpty();
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.scheduled.delete(other, chat, List.of(mine.id())));
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.scheduled.sendNow(other, chat, List.of(mine.id())));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.scheduled.list(outsider, chat));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> schedule(outsider, chat, "sneaky", now() + 60));
        assertThat(m.scheduled.list(owner, chat).messages()).containsExactly(mine);
    }

    @Test
    void schedulingNeedsTheRightToPostAndDeliveryDropsWhatCanNoLongerBePosted() {
        long chat = channel("dailynews");
        long subscriber = member("subscriber", "dailynews");
        long poster = member("poster", "dailynews");
        fails(ErrorCode.FORBIDDEN, () -> schedule(subscriber, chat, "not mine to post", now() + 60));
        admin(chat, poster, Rights.POST_MESSAGES);
        schedule(poster, chat, "will be dropped", now() + 60);

        m.moderation.setAdmin(owner, chat, poster, Rights.adminRights(0));
        clock.advance(Duration.ofMinutes(2));
        m.scheduled.deliverDue();

        assertThat(history(subscriber, chat)).isEmpty();
        assertThat(m.count("SELECT COUNT(*) FROM scheduled_messages")).isZero();
    }

    @Test
    void slowModeDoesNotHoldBackAScheduledMessage() {
        long chat = supergroup("slowclub");
        long member = member("member", "slowclub");
        m.moderation.setSlowMode(owner, chat, 600);
        schedule(member, chat, "scheduled", now() + 60);
        post(member, chat, "posted now");
        clock.advance(Duration.ofSeconds(60));
        m.scheduled.deliverDue();

        assertThat(history(owner, chat)).extracting(Message::text).containsExactly("scheduled", "posted now");
    }

    @Test
    void aSmallGroupMembersScheduledMessageReachesEveryMember() {
        long peer = m.user("peer");
        ChatMethods.ChatCreated group = m.chats.createGroup(owner, "friends", List.of(peer));
        schedule(peer, group.chat().chatId(), "see you", now() + 5);
        clock.advance(Duration.ofSeconds(5));
        m.scheduled.deliverDue();

        assertThat(history(owner, group.chat().chatId())).extracting(Message::text).contains("see you");
    }
}
