package dev.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.sync.Update;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chats, membership and roles through the services on a real SQLite file. */
class ChatRulesTest {
    @TempDir
    Path dir;

    private MessagingFixture m;

    @AfterEach
    void close() {
        m.close();
    }

    private static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void creatingAPrivateChatTwiceFromEitherSideGivesTheSameChat() {
        m = new MessagingFixture(dir);
        long alice = m.user("alice"), bob = m.user("bobby");

        var first = m.chats.createPrivate(alice, bob);
        var again = m.chats.createPrivate(alice, bob);
        var fromBob = m.chats.createPrivate(bob, alice);

        assertThat(again.chatId()).isEqualTo(first.chatId());
        assertThat(fromBob.chatId()).isEqualTo(first.chatId());
        assertThat(fromBob.peerId()).isEqualTo(alice);
        assertThat(m.count("SELECT COUNT(*) FROM chats")).isEqualTo(1);
        fails(ErrorCode.PEER_INVALID, () -> m.chats.createPrivate(alice, alice));
        fails(ErrorCode.USER_NOT_FOUND, () -> m.chats.createPrivate(alice, 424242));
    }

    @Test
    void onlyOwnerAndAdminsManageMembersAndOnlyTheOwnerAppointsAdmins() {
        m = new MessagingFixture(dir);
        long owner = m.user("owner"), admin = m.user("admin"), member = m.user("member"), newbie = m.user("newbie");
        long group = m.chats.createGroup(owner, "club", List.of(admin, member)).chat().chatId();

        fails(ErrorCode.FORBIDDEN, () -> m.chats.setRole(admin, group, member, Role.ADMIN));
        m.chats.setRole(owner, group, admin, Role.ADMIN);
        fails(ErrorCode.FORBIDDEN, () -> m.chats.addMember(member, group, newbie));
        fails(ErrorCode.FORBIDDEN, () -> m.chats.editTitle(member, group, "mine now"));
        m.chats.addMember(admin, group, newbie);
        fails(ErrorCode.USER_ALREADY_MEMBER, () -> m.chats.addMember(admin, group, newbie));
        fails(ErrorCode.FORBIDDEN, () -> m.chats.removeMember(admin, group, owner));
        m.chats.removeMember(admin, group, newbie);
        fails(ErrorCode.USER_NOT_MEMBER, () -> m.chats.removeMember(admin, group, newbie));
        m.chats.editTitle(admin, group, "the club");
        fails(ErrorCode.CHAT_NOT_MODIFIED, () -> m.chats.editTitle(admin, group, "the club"));

        assertThat(m.chats.get(member, group).title()).isEqualTo("the club");
        assertThat(m.chats.getMembers(member, group, 0, 10).members()).extracting(dev.parley.protocol.chat.ChatMethods.Member::role)
                .containsExactly("owner", "admin", "member");
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.chats.get(newbie, group));
    }

    @Test
    void membershipChangesReachEveryMemberIncludingTheOneRemoved() {
        m = new MessagingFixture(dir);
        long owner = m.user("owner"), bob = m.user("bobby");
        long group = m.chats.createGroup(owner, "club", List.of(bob)).chat().chatId();

        m.chats.removeMember(owner, group, bob);

        assertThat(m.sync.getDifference(bob, 0, 10).updates()).extracting(Update::type)
                .containsExactly("chatMembership", "chatMembership");
        assertThat(m.sync.getDifference(bob, 1, 10).updates()).singleElement()
                .isInstanceOfSatisfying(Update.ChatMembership.class, u -> {
                    assertThat(u.action()).isEqualTo("removed");
                    assertThat(u.userIds()).containsExactly(bob);
                });
    }

    @Test
    void aNewMemberDoesNotSeeHistoryFromBeforeTheyJoined() {
        m = new MessagingFixture(dir);
        long owner = m.user("owner"), late = m.user("latecomer");
        long group = m.chats.createGroup(owner, "club", List.of()).chat().chatId();
        var before = m.messages.send(owner, group, "before", 1, null, List.of());

        m.chats.addMember(owner, group, late);
        m.messages.send(owner, group, "after", 2, null, List.of());

        assertThat(m.history.getHistory(late, group, null, 10, true).messages()).extracting(msg -> msg.text())
                .containsExactly("after");
        assertThat(m.messages.readHistory(late, group, before.message().id()).ptsCount()).isZero();
        assertThat(m.history.getDialogs(late, 0, 10).dialogs().getFirst().unreadCount()).isEqualTo(1);
    }

    @Test
    void whenTheOwnerLeavesAnAdminInheritsAndTheLastOneOutDeletesTheGroup() {
        m = new MessagingFixture(dir);
        long owner = m.user("owner"), admin = m.user("admin"), member = m.user("member");
        long group = m.chats.createGroup(owner, "club", List.of(member, admin)).chat().chatId();
        m.chats.setRole(owner, group, admin, Role.ADMIN);
        m.messages.send(member, group, "hi", 1, null, List.of());

        m.chats.leave(owner, group);
        assertThat(m.chats.get(admin, group).myRole()).isEqualTo("owner");
        m.chats.leave(admin, group);
        m.chats.leave(member, group);

        assertThat(m.count("SELECT COUNT(*) FROM chats")).isZero();
        assertThat(m.count("SELECT COUNT(*) FROM messages")).isZero();
        assertThat(m.count("SELECT COUNT(*) FROM message_search")).isZero();
        assertThat(m.sync.getDifference(member, 0, 100).updates()).allSatisfy(u ->
                assertThat(u).isInstanceOf(Update.ChatDeleted.class));
    }

    @Test
    void groupsAreCappedAtTheLargeChatThreshold() {
        m = new MessagingFixture(dir, SyncSettings.defaults().withLargeChatThreshold(3), Clock.systemUTC());
        long a = m.user("aaaaa"), b = m.user("bbbbb"), c = m.user("ccccc"), d = m.user("ddddd");

        fails(ErrorCode.MEMBER_LIMIT_REACHED, () -> m.chats.createGroup(a, "big", List.of(b, c, d)));
        long group = m.chats.createGroup(a, "ok", List.of(b, c)).chat().chatId();
        fails(ErrorCode.MEMBER_LIMIT_REACHED, () -> m.chats.addMember(a, group, d));
    }

    @Test
    void aStrangerGetsChatNotFoundFromEveryChatMethodAndNothingChanges() {
        m = new MessagingFixture(dir);
        long alice = m.user("alice"), bob = m.user("bobby"), eve = m.user("eve_x");
        long group = m.chats.createGroup(alice, "private club", List.of(bob)).chat().chatId();
        long chat = m.chats.createPrivate(alice, bob).chatId();
        long msg = m.messages.send(alice, group, "members only", 1, null, List.of()).message().id();
        long pmsg = m.messages.send(alice, chat, "just us", 2, null, List.of()).message().id();
        long rowsBefore = rows();

        for (long target : List.of(group, chat)) {
            long id = target == group ? msg : pmsg;
            Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
            calls.put("get", () -> m.chats.get(eve, target));
            calls.put("getMembers", () -> m.chats.getMembers(eve, target, 0, 10));
            calls.put("addMember", () -> m.chats.addMember(eve, target, eve));
            calls.put("removeMember", () -> m.chats.removeMember(eve, target, bob));
            calls.put("leave", () -> m.chats.leave(eve, target));
            calls.put("editTitle", () -> m.chats.editTitle(eve, target, "pwned"));
            calls.put("setRole", () -> m.chats.setRole(eve, target, eve, Role.ADMIN));
            calls.put("send", () -> m.messages.send(eve, target, "hi", 77, null, List.of()));
            calls.put("forwardFrom", () -> m.messages.forward(eve, target, List.of(id), target, List.of(78L)));
            calls.put("edit", () -> m.messages.edit(eve, target, id, "x", List.of()));
            calls.put("deleteForMe", () -> m.messages.delete(eve, target, List.of(id), false));
            calls.put("deleteForAll", () -> m.messages.delete(eve, target, List.of(id), true));
            calls.put("readHistory", () -> m.messages.readHistory(eve, target, id));
            calls.put("getHistory", () -> m.history.getHistory(eve, target, null, 10, true));
            calls.put("search", () -> m.history.search(eve, target, "members", 10));
            calls.put("setTyping", () -> m.typing.setTyping(eve, target));
            calls.forEach((name, call) -> assertThatThrownBy(call).as(name)
                    .isInstanceOfSatisfying(ParleyException.class,
                            e -> assertThat(e.code()).as(name).isEqualTo(ErrorCode.CHAT_NOT_FOUND)));
        }

        assertThat(m.history.search(eve, null, "members", 10).messages()).isEmpty();
        assertThat(m.history.getDialogs(eve, 0, 10).dialogs()).isEmpty();
        assertThat(m.sync.getDifference(eve, 0, 10).updates()).isEmpty();
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    private long rows() {
        return m.count("SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM chat_members) "
                + "+ (SELECT COUNT(*) FROM chat_events) + (SELECT COUNT(*) FROM update_log) "
                + "+ (SELECT COUNT(*) FROM hidden_messages) + (SELECT COUNT(*) FROM sent_random_ids)");
    }

}
