package dev.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.InviteMethods.CreateInvite;
import dev.parley.protocol.channel.InviteMethods.Invite;
import dev.parley.protocol.channel.InviteMethods.JoinRequest;
import dev.parley.server.account.MutableClock;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invite links into private supergroups and channels: limits, expiry, revocation, join requests, the right. */
class InviteRulesTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private MessagingFixture m;
    private long owner;
    private long chat;

    @BeforeEach
    void setUp() {
        m = new MessagingFixture(backend(), dir, SyncSettings.defaults(), clock);
        owner = m.user("owner");
        chat = m.channels.create(owner, new ChannelMethods.Create("inner", null, null, ChannelMethods.KIND_SUPERGROUP,
                false)).chatId();
    }

    Backend backend() {
        return Backend.SQLITE;
    }

    @AfterEach
    void close() {
        m.close();
    }

    private Invite invite(Long expireDate, Integer usageLimit, Boolean requestNeeded) {
        return m.invites.create(owner, new CreateInvite(chat, expireDate, usageLimit, requestNeeded));
    }

    private static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aLinkLetsPeopleIntoAPrivateChatUntilItsUsageLimitEvenUnderConcurrency() throws Exception {
        Invite link = invite(null, 5, null);
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(m.user("guest" + i));
        }
        AtomicInteger joined = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (long user : users) {
                all.add(pool.submit(() -> {
                    try {
                        m.invites.join(user, link.token());
                        joined.incrementAndGet();
                    } catch (ParleyException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVITE_INVALID);
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }

        assertThat(joined).hasValue(5);
        assertThat(refused).hasValue(15);
        assertThat(m.chats.get(owner, chat).memberCount()).isEqualTo(6);
    }

    @Test
    void anExpiredOrRevokedLinkLetsNobodyIn() {
        Invite expiring = invite(clock.instant().getEpochSecond() + 60, null, null);
        Invite revoked = invite(null, null, null);
        m.invites.revoke(owner, chat, revoked.token());
        clock.advance(Duration.ofSeconds(60));

        fails(ErrorCode.INVITE_INVALID, () -> m.invites.join(m.user("late1"), expiring.token()));
        fails(ErrorCode.INVITE_INVALID, () -> m.invites.join(m.user("late2"), revoked.token()));
        fails(ErrorCode.INVITE_INVALID, () -> m.invites.join(m.user("late3"), "AAAAAAAAAAAAAAAAAAAAAA"));
        fails(ErrorCode.INVITE_INVALID, () -> m.invites.revoke(owner, chat, revoked.token()));
    }

    @Test
    void aRequestLinkQueuesJoinersForAnAdminToApproveOrDecline() {
        Invite link = invite(null, null, true);
        long alice = m.user("alice");
        long bobby = m.user("bobby");

        assertThat(m.invites.join(alice, link.token()).status()).isEqualTo("requested");
        assertThat(m.invites.join(bobby, link.token()).status()).isEqualTo("requested");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.chats.get(alice, chat));
        assertThat(m.invites.requests(owner, chat).requests()).extracting(JoinRequest::userId)
                .containsExactlyInAnyOrder(alice, bobby);

        m.invites.decide(owner, chat, alice, true);
        m.invites.decide(owner, chat, bobby, false);

        assertThat(m.chats.get(alice, chat).myRole()).isEqualTo("member");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.chats.get(bobby, chat));
        assertThat(m.invites.requests(owner, chat).requests()).isEmpty();
        fails(ErrorCode.USER_NOT_FOUND, () -> m.invites.decide(owner, chat, bobby, true));
    }

    @Test
    void managingLinksNeedsTheInviteRightAndBannedUsersStayOut() {
        long admin = m.user("admin");
        long member = m.user("member");
        Invite link = invite(null, null, null);
        m.invites.join(admin, link.token());
        m.invites.join(member, link.token());
        m.moderation.setAdmin(owner, chat, admin, Rights.adminRights(Rights.ALL_ADMIN & ~Rights.INVITE_USERS));

        fails(ErrorCode.FORBIDDEN, () -> m.invites.create(admin, new CreateInvite(chat, null, null, null)));
        fails(ErrorCode.FORBIDDEN, () -> m.invites.create(member, new CreateInvite(chat, null, null, null)));
        m.moderation.setAdmin(owner, chat, admin, Rights.adminRights(Rights.INVITE_USERS));
        assertThat(m.invites.create(admin, new CreateInvite(chat, null, null, null)).token()).hasSize(22);

        m.moderation.ban(owner, chat, member, 0);
        fails(ErrorCode.USER_BANNED, () -> m.invites.join(member, link.token()));
    }

    @Test
    void invitersListTheChatsLinksNewestFirstAndRevokedOnesOnlyWhenAsked() {
        Invite first = invite(null, 3, null);
        clock.advance(Duration.ofSeconds(1));
        Invite second = invite(null, null, true);
        clock.advance(Duration.ofSeconds(1));
        Invite third = invite(null, null, null);
        m.invites.revoke(owner, chat, third.token());
        m.invites.join(m.user("joiner"), first.token());

        assertThat(m.invites.list(owner, chat, false).invites()).extracting(Invite::token)
                .containsExactly(second.token(), first.token());
        assertThat(m.invites.list(owner, chat, false).invites().getLast().usageCount()).isEqualTo(1);
        assertThat(m.invites.list(owner, chat, true).invites()).extracting(Invite::token, Invite::revoked)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(third.token(), true),
                        org.assertj.core.groups.Tuple.tuple(second.token(), false),
                        org.assertj.core.groups.Tuple.tuple(first.token(), false));
    }

    @Test
    void onlyInvitersListLinksAndOutsidersDoNotLearnTheChatExists() {
        long member = m.user("plain");
        m.invites.join(member, invite(null, null, null).token());

        fails(ErrorCode.FORBIDDEN, () -> m.invites.list(member, chat, false));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.invites.list(m.user("outsider"), chat, false));
    }

    @Test
    void tokensNeverStartWithADashSoACommandLineNeverTakesThemForOptions() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            tokens.add(invite(null, null, null).token());
        }

        assertThat(tokens).allSatisfy(t -> assertThat(t).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}"))
                .doesNotHaveDuplicates();
    }
}
