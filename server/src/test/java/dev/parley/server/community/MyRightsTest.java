package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.chat.ChatMethods.MyRights;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.Rights;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The caller's own standing in a large chat: chats.get reports their rights, permissions, restriction and the slow
 * mode; a subscriber banned from a channel is told in their own update log.
 */
class MyRightsTest extends CommunitySpec {
    private static final MemberPermissions ALL = new MemberPermissions(true, true, true, true);
    private static final MemberPermissions NONE = new MemberPermissions(false, false, false, false);

    MyRights mine(long user, long chatId) {
        return m.chats.get(user, chatId).myRights();
    }

    @Test
    void ownerAndAdminsSeeTheirAdminRights() {
        long group = supergroup("thetalk");
        long admin = member("admin", "thetalk");
        admin(group, admin, Rights.BAN_USERS | Rights.PIN_MESSAGES);

        assertThat(mine(owner, group).adminRights()).isEqualTo(Rights.adminRights(Rights.ALL_ADMIN));
        assertThat(mine(owner, group).permissions()).isNull();
        assertThat(mine(admin, group).adminRights())
                .isEqualTo(new AdminRights(false, false, false, false, true, false, true, false, false));
    }

    @Test
    void aMemberSeesTheDefaultNarrowedByTheirRestrictionUntilItEnds() {
        long group = supergroup("thetalk");
        long user = member("user", "thetalk");
        m.moderation.setSlowMode(owner, group, 30);
        assertThat(mine(user, group)).isEqualTo(new MyRights(null, ALL, null, 30));

        long until = now() + 60;
        m.moderation.restrict(owner, group, user, new MemberPermissions(false, true, true, true), until);
        m.moderation.setDefaultPermissions(owner, group, new MemberPermissions(true, true, false, true));
        assertThat(mine(user, group)).isEqualTo(new MyRights(null,
                new MemberPermissions(false, true, false, true), until, 30));
        clock.advance(Duration.ofSeconds(61));
        assertThat(mine(user, group)).isEqualTo(new MyRights(null,
                new MemberPermissions(true, true, false, true), null, 30));
    }

    @Test
    void aBannedSubscriberIsToldInTheirOwnLogThatTheChannelIsGone() {
        long news = channel("thenews");
        long reader = member("reader", "thenews");
        long pts = m.sync.getState(reader).pts();

        m.moderation.ban(owner, news, reader, 0);

        assertThat(m.sync.getDifference(reader, pts, 10).updates()).singleElement()
                .isEqualTo(new Update.ChatDeleted(news, pts + 1));
        assertThat(m.bus.of(reader)).hasSize(1);
        // Banning someone who is not subscribed tells nobody.
        long stranger = m.user("stranger");
        m.moderation.ban(owner, news, stranger, 0);
        assertThat(m.bus.of(stranger)).isEmpty();
    }

    @Test
    void aSubscriberOfAChannelHoldsNothingAndSmallChatsHaveNoRights() {
        long news = channel("thenews");
        long reader = member("reader", "thenews");
        assertThat(mine(reader, news)).isEqualTo(new MyRights(null, NONE, null, 0));
        assertThat(m.channels.join(m.user("late"), null, "thenews").myRights().permissions()).isEqualTo(NONE);

        long small = m.chats.createGroup(owner, "small", java.util.List.of(reader)).chat().chatId();
        assertThat(mine(owner, small)).isNull();
        // Only members ask: a stranger gets CHAT_NOT_FOUND, not someone else's rights.
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.chats.get(m.user("stranger"), news));
    }
}
