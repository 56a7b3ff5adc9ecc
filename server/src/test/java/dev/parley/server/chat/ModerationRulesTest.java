package dev.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.ModerationMethods.AdminLogEntry;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import dev.parley.server.account.MutableClock;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rights, permissions, bans, restrictions, slow mode and the admin log of supergroups and channels. */
class ModerationRulesTest {
    private static final MemberPermissions NOTHING = new MemberPermissions(false, false, false, false);
    private static final MemberPermissions EVERYTHING = new MemberPermissions(true, true, true, true);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private MessagingFixture m;
    private long owner;
    private long admin;
    private long member;
    private long channel;
    private long supergroup;
    private long randomId = 1;

    @BeforeEach
    void setUp() {
        m = new MessagingFixture(dir, SyncSettings.defaults(), clock);
        owner = m.user("owner");
        admin = m.user("admin");
        member = m.user("member");
        channel = create(ChannelMethods.KIND_CHANNEL, "modnews");
        supergroup = create(ChannelMethods.KIND_SUPERGROUP, "modtalk");
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
        return m.channels.create(owner, new ChannelMethods.Create("mod", null, username, kind, false)).chatId();
    }

    private long post(long from, long chatId) {
        return m.messages.send(from, chatId, "text " + randomId, randomId++, null, List.of()).message().id();
    }

    private void grant(long chatId, int mask) {
        m.moderation.setAdmin(owner, chatId, admin, Rights.adminRights(mask));
    }

    private static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Each admin right with a method that needs it: what it lets an admin do. */
    enum Right {
        POST_MESSAGES(Rights.POST_MESSAGES),
        EDIT_MESSAGES(Rights.EDIT_MESSAGES),
        DELETE_MESSAGES(Rights.DELETE_MESSAGES),
        BAN_USERS(Rights.BAN_USERS),
        ADD_ADMINS(Rights.ADD_ADMINS);

        final int bit;

        Right(int bit) {
            this.bit = bit;
        }
    }

    private ThrowingCallable use(Right right) {
        return switch (right) {
            case POST_MESSAGES -> () -> post(admin, channel);
            case EDIT_MESSAGES -> {
                long id = post(member, supergroup);
                yield () -> m.messages.edit(admin, supergroup, id, "moderated", List.of());
            }
            case DELETE_MESSAGES -> {
                long id = post(member, supergroup);
                yield () -> m.messages.delete(admin, supergroup, List.of(id), true);
            }
            case BAN_USERS -> () -> m.moderation.ban(admin, supergroup, member, 0);
            case ADD_ADMINS -> () -> m.moderation.setAdmin(admin, supergroup, member,
                    Rights.adminRights(Rights.PIN_MESSAGES));
        };
    }

    @ParameterizedTest
    @EnumSource(Right.class)
    void anAdminGrantedTheRightMayUseIt(Right right) {
        int chat = right == Right.POST_MESSAGES ? 0 : 1;
        grant(chat == 0 ? channel : supergroup, right.bit | (right == Right.ADD_ADMINS ? Rights.PIN_MESSAGES : 0));

        ThrowingCallable action = use(right);
        org.assertj.core.api.Assertions.assertThatCode(action).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(Right.class)
    void anAdminWithEveryOtherRightButThisOneIsForbidden(Right right) {
        grant(right == Right.POST_MESSAGES ? channel : supergroup, Rights.ALL_ADMIN & ~right.bit);

        fails(ErrorCode.FORBIDDEN, use(right));
    }

    @ParameterizedTest
    @EnumSource(Right.class)
    void aPlainMemberHoldsNoAdminRight(Right right) {
        long other = m.user("other" + right.ordinal());
        m.channels.join(other, supergroup, null);
        ThrowingCallable asMember = switch (right) {
            case POST_MESSAGES -> () -> post(member, channel);
            case EDIT_MESSAGES -> {
                long id = post(other, supergroup);
                yield () -> m.messages.edit(member, supergroup, id, "mine now", List.of());
            }
            case DELETE_MESSAGES -> {
                long id = post(other, supergroup);
                yield () -> m.messages.delete(member, supergroup, List.of(id), true);
            }
            case BAN_USERS -> () -> m.moderation.ban(member, supergroup, other, 0);
            case ADD_ADMINS -> () -> m.moderation.setAdmin(member, supergroup, other,
                    Rights.adminRights(Rights.PIN_MESSAGES));
        };
        fails(ErrorCode.FORBIDDEN, asMember);
    }

    @Test
    void anAdminGrantsOnlyRightsTheyHoldAndOnlyTheOwnerChangesOtherAdmins() {
        grant(supergroup, Rights.ADD_ADMINS | Rights.PIN_MESSAGES);

        fails(ErrorCode.FORBIDDEN, () -> m.moderation.setAdmin(admin, supergroup, member,
                Rights.adminRights(Rights.BAN_USERS)));
        m.moderation.setAdmin(admin, supergroup, member, Rights.adminRights(Rights.PIN_MESSAGES));
        fails(ErrorCode.FORBIDDEN, () -> m.moderation.setAdmin(admin, supergroup, member,
                Rights.adminRights(0)));
        fails(ErrorCode.FORBIDDEN, () -> m.moderation.setAdmin(admin, supergroup, owner,
                Rights.adminRights(0)));
        m.moderation.setAdmin(owner, supergroup, member, Rights.adminRights(0));
        assertThat(m.chats.get(member, supergroup).myRole()).isEqualTo("member");
    }

    @Test
    void aTimedBanKeepsTheUserOutUntilItExpires() {
        grant(supergroup, Rights.BAN_USERS);
        int before = m.chats.get(owner, supergroup).memberCount();

        m.moderation.ban(admin, supergroup, member, clock.instant().getEpochSecond() + 60);

        assertThat(m.chats.get(owner, supergroup).memberCount()).isEqualTo(before - 1);
        fails(ErrorCode.CHAT_NOT_FOUND, () -> post(member, supergroup));
        fails(ErrorCode.USER_BANNED, () -> m.channels.join(member, supergroup, null));
        clock.advance(Duration.ofSeconds(61));
        m.channels.join(member, supergroup, null);
        assertThat(post(member, supergroup)).isPositive();
    }

    @Test
    void aPermanentBanLastsUntilLifted() {
        m.moderation.ban(owner, channel, member, 0);
        clock.advance(Duration.ofDays(3650));
        fails(ErrorCode.USER_BANNED, () -> m.channels.join(member, channel, null));

        m.moderation.unban(owner, channel, member);

        m.channels.join(member, channel, null);
        fails(ErrorCode.CHAT_NOT_MODIFIED, () -> m.moderation.unban(owner, channel, member));
        fails(ErrorCode.FORBIDDEN, () -> m.moderation.ban(member, channel, owner, 0));
    }

    @Test
    void aRestrictionNarrowsTheDefaultPermissionsUntilItExpires() {
        m.moderation.restrict(owner, supergroup, member, NOTHING, clock.instant().getEpochSecond() + 60);
        fails(ErrorCode.FORBIDDEN, () -> post(member, supergroup));

        clock.advance(Duration.ofSeconds(60));
        assertThat(post(member, supergroup)).isPositive();

        m.moderation.setDefaultPermissions(owner, supergroup, NOTHING);
        fails(ErrorCode.FORBIDDEN, () -> post(member, supergroup));
        assertThat(post(owner, supergroup)).isPositive();
        m.moderation.setDefaultPermissions(owner, supergroup, EVERYTHING);
        assertThat(post(member, supergroup)).isPositive();
        fails(ErrorCode.FORBIDDEN, () -> m.moderation.restrict(owner, supergroup, admin(), NOTHING, 0));
    }

    private long admin() {
        grant(supergroup, Rights.PIN_MESSAGES);
        return admin;
    }

    @Test
    void slowModeMakesAMemberWaitBetweenMessagesAndTellsHowLong() {
        m.moderation.setSlowMode(owner, supergroup, 30);
        post(member, supergroup);

        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> post(member, supergroup)).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SLOWMODE_WAIT);
            assertThat(e.retryAfter()).hasValue(20);
        });
        post(owner, supergroup);
        post(owner, supergroup);
        clock.advance(Duration.ofSeconds(20));
        assertThat(post(member, supergroup)).isPositive();
        fails(ErrorCode.PEER_INVALID, () -> m.moderation.setSlowMode(owner, channel, 30));
    }

    @Test
    void theAdminLogListsModerationActionsNewestFirstForAdminsOnly() {
        grant(supergroup, Rights.BAN_USERS | Rights.DELETE_MESSAGES);
        long id = post(member, supergroup);
        m.messages.delete(admin, supergroup, List.of(id), true);
        m.moderation.setSlowMode(admin, supergroup, 10);
        m.moderation.ban(admin, supergroup, member, 0);

        List<AdminLogEntry> log = m.moderation.getAdminLog(owner, supergroup, 10).entries();

        assertThat(log).extracting(AdminLogEntry::action)
                .containsExactly("ban", "setSlowMode", "deleteMessages", "setAdmin");
        assertThat(log.getFirst().actorId()).isEqualTo(admin);
        assertThat(log.getFirst().userId()).isEqualTo(member);
        long other = m.user("outsider");
        m.channels.join(other, supergroup, null);
        fails(ErrorCode.FORBIDDEN, () -> m.moderation.getAdminLog(other, supergroup, 10));
    }

    @Test
    void aConvertedGroupsAdminsKeepModeratingAndSmallGroupsHaveNoRightsMethods() {
        long group = m.chats.createGroup(owner, "club", List.of(admin, member)).chat().chatId();
        m.chats.setRole(owner, group, admin, Role.ADMIN);
        fails(ErrorCode.PEER_INVALID, () -> m.moderation.setSlowMode(owner, group, 10));

        m.channels.convertToSupergroup(owner, group);

        m.moderation.ban(admin, group, member, 0);
        fails(ErrorCode.FORBIDDEN, () -> m.moderation.setAdmin(admin, group, owner, Rights.adminRights(0)));
    }
}
