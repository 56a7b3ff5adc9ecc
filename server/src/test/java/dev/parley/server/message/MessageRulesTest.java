package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Dialog;
import dev.parley.protocol.sync.Update;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message rules through the services on a real SQLite file: who may do what, and what every side then sees. */
class MessageRulesTest {
    @TempDir
    Path dir;

    private MessagingFixture m;
    private long alice;
    private long bob;
    private long carol;
    private long group;
    private long randomId = 1;

    @BeforeEach
    void setUp() {
        m = new MessagingFixture(dir);
        alice = m.user("alice");
        bob = m.user("bobby");
        carol = m.user("carol");
        group = m.chats.createGroup(alice, "team", List.of(bob, carol)).chat().chatId();
    }

    @AfterEach
    void close() {
        m.close();
    }

    private Message send(long from, long chat, String text) {
        return m.messages.send(from, chat, text, randomId++, null, List.of()).message();
    }

    private static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void onlyTheAuthorEditsAndAnEditReachesEveryoneWithItsEditDate() {
        Message original = send(bob, group, "helo");

        fails(ErrorCode.FORBIDDEN, () -> m.messages.edit(alice, group, original.id(), "hacked", List.of()));
        fails(ErrorCode.MESSAGE_NOT_MODIFIED, () -> m.messages.edit(bob, group, original.id(), "helo", List.of()));
        var edited = m.messages.edit(bob, group, original.id(), "hello", List.of(new Entity("bold", 0, 5, null)));

        assertThat(edited.message().editDate()).isNotNull();
        assertThat(m.history.getHistory(carol, group, null, 10, true).messages()).singleElement()
                .satisfies(msg -> assertThat(msg.text()).isEqualTo("hello"));
        assertThat(m.sync.getDifference(carol, 0, 100).updates()).last().isInstanceOf(Update.EditMessage.class);
    }

    @Test
    void deleteForMeHidesOnlyForMeOnAllMyDevices() {
        Message msg = send(bob, group, "secret-ish");

        var affected = m.messages.delete(alice, group, List.of(msg.id()), false);

        assertThat(m.history.getHistory(alice, group, null, 10, true).messages()).isEmpty();
        assertThat(m.history.getHistory(carol, group, null, 10, true).messages()).hasSize(1);
        assertThat(m.sync.getDifference(alice, affected.pts() - 1, 10).updates()).singleElement()
                .isInstanceOfSatisfying(Update.DeleteMessages.class, u -> assertThat(u.forEveryone()).isFalse());
        assertThat(m.sync.getDifference(carol, 0, 100).updates())
                .noneMatch(u -> u instanceof Update.DeleteMessages);
    }

    @Test
    void deleteForEveryoneIsForTheAuthorOrAGroupAdminAndLeavesNoContent() {
        Message bobs = send(bob, group, "bob's words");
        Message carols = send(carol, group, "carol's words");

        fails(ErrorCode.FORBIDDEN, () -> m.messages.delete(bob, group, List.of(carols.id()), true));
        m.messages.delete(alice, group, List.of(carols.id()), true);
        m.messages.delete(bob, group, List.of(bobs.id()), true);

        assertThat(m.history.getHistory(alice, group, null, 10, true).messages()).isEmpty();
        assertThat(m.count("SELECT COUNT(*) FROM messages WHERE text <> ''")).isZero();
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.messages.delete(bob, group, List.of(bobs.id()), true));
        assertThat(m.sync.getDifference(carol, 0, 100).updates()).filteredOn(u -> u instanceof Update.NewMessage)
                .allSatisfy(u -> assertThat(((Update.NewMessage) u).message().deleted()).isTrue());
    }

    @Test
    void inAPrivateChatEitherPartyDeletesOnlyTheirOwnForEveryone() {
        long chat = m.chats.createPrivate(alice, bob).chatId();
        Message bobs = send(bob, chat, "mine");

        fails(ErrorCode.FORBIDDEN, () -> m.messages.delete(alice, chat, List.of(bobs.id()), true));
        m.messages.delete(bob, chat, List.of(bobs.id()), true);

        assertThat(m.history.getHistory(alice, chat, null, 10, true).messages()).isEmpty();
    }

    @Test
    void readingMovesThePointerForwardOnlyAndTellsTheSenders() {
        Message first = send(bob, group, "1");
        send(carol, group, "2");
        Message third = send(bob, group, "3");
        assertThat(dialog(alice).unreadCount()).isEqualTo(3);

        var read = m.messages.readHistory(alice, group, first.id());
        assertThat(dialog(alice).unreadCount()).isEqualTo(2);
        m.messages.readHistory(alice, group, third.id() + 1000);
        var again = m.messages.readHistory(alice, group, first.id());

        assertThat(read.ptsCount()).isEqualTo(1);
        assertThat(again.ptsCount()).isZero();
        assertThat(dialog(alice).unreadCount()).isZero();
        assertThat(dialog(alice).readInboxMaxId()).isEqualTo(third.id());
        assertThat(dialog(bob).readOutboxMaxId()).isEqualTo(third.id());
        assertThat(m.sync.getDifference(bob, 0, 100).updates()).filteredOn(u -> u instanceof Update.ReadHistoryOutbox)
                .hasSize(2);
        assertThat(m.sync.getDifference(carol, 0, 100).updates()).filteredOn(u -> u instanceof Update.ReadHistoryOutbox)
                .hasSize(1);
    }

    @Test
    void unreadCountsFollowDeletesOfUnreadMessages() {
        Message msg = send(bob, group, "oops");
        send(bob, group, "ok");

        m.messages.delete(bob, group, List.of(msg.id()), true);

        assertThat(dialog(alice).unreadCount()).isEqualTo(1);
        assertThat(dialog(bob).unreadCount()).isZero();
    }

    @Test
    void aBlockEitherWayStopsPrivateMessagesButNotGroupMessages() {
        long chat = m.chats.createPrivate(alice, bob).chatId();
        m.contacts.block(bob, alice);

        fails(ErrorCode.USER_BLOCKED, () -> send(alice, chat, "hi?"));
        fails(ErrorCode.USER_BLOCKED, () -> send(bob, chat, "I blocked you"));
        send(alice, group, "still fine here");
        m.contacts.unblock(bob, alice);
        send(alice, chat, "hi again");
    }

    @Test
    void historyPagesOlderAndNewerAroundAnOffset() {
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(send(alice, group, "n" + i).id());
        }

        assertThat(m.history.getHistory(bob, group, null, 3, true).messages()).extracting(Message::id)
                .containsExactly(ids.get(9), ids.get(8), ids.get(7));
        assertThat(m.history.getHistory(bob, group, ids.get(7), 2, true).messages()).extracting(Message::id)
                .containsExactly(ids.get(6), ids.get(5));
        assertThat(m.history.getHistory(bob, group, ids.get(7), 5, false).messages()).extracting(Message::id)
                .containsExactly(ids.get(8), ids.get(9));
        assertThat(m.history.getHistory(bob, group, null, 2, false).messages()).extracting(Message::id)
                .containsExactly(ids.get(0), ids.get(1));
    }

    @Test
    void aReplyMustPointAtAVisibleMessage() {
        Message msg = send(alice, group, "question");
        var reply = m.messages.send(bob, group, "answer", 99, msg.id(), List.of());
        assertThat(reply.message().replyToId()).isEqualTo(msg.id());
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.messages.send(bob, group, "to nowhere", 100, 9_999L, List.of()));
        assertThat(m.count("SELECT COUNT(*) FROM messages")).isEqualTo(2);
    }

    @Test
    void forwardingKeepsTheOriginAcrossReForwards() {
        Message original = send(bob, group, "worth sharing");
        long chat = m.chats.createPrivate(alice, carol).chatId();
        long other = m.chats.createGroup(carol, "other", List.of()).chat().chatId();

        var first = m.messages.forward(alice, group, List.of(original.id()), chat, List.of(501L));
        var second = m.messages.forward(carol, chat, List.of(first.messages().getFirst().id()), other, List.of(502L));
        var retried = m.messages.forward(carol, chat, List.of(first.messages().getFirst().id()), other, List.of(502L));

        Message.ForwardOrigin origin = second.messages().getFirst().forward();
        assertThat(origin.fromChatId()).isEqualTo(group);
        assertThat(origin.fromMessageId()).isEqualTo(original.id());
        assertThat(origin.senderId()).isEqualTo(bob);
        assertThat(retried).isEqualTo(second);
        assertThat(second.messages().getFirst().senderId()).isEqualTo(carol);
        long dave = m.user("david");
        long davesGroup = m.chats.createGroup(dave, "dave's", List.of()).chat().chatId();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.messages.forward(dave, group, List.of(original.id()), davesGroup,
                List.of(503L)));
    }

    @Test
    void searchFindsWordsOnlyInMyChatsAndNeverDeletedOrHiddenMessages() {
        send(bob, group, "the quick brown fox");
        Message hidden = send(bob, group, "quick hidden thing");
        Message gone = send(bob, group, "quick deleted thing");
        long elsewhere = m.chats.createGroup(carol, "not alice's", List.of()).chat().chatId();
        send(carol, elsewhere, "quick but private");
        m.messages.delete(alice, group, List.of(hidden.id()), false);
        m.messages.delete(bob, group, List.of(gone.id()), true);

        assertThat(m.history.search(alice, null, "QUICK", 10).messages()).extracting(Message::text)
                .containsExactly("the quick brown fox");
        assertThat(m.history.search(alice, group, "bro", 10).messages()).hasSize(1);
        assertThat(m.history.search(alice, null, "quick\" OR NEAR(fox) *", 10).messages()).isEmpty();
        fails(ErrorCode.BAD_REQUEST, () -> m.history.search(alice, null, "\"*()", 10));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.history.search(alice, elsewhere, "quick", 10));
    }

    @Test
    void dialogsAreOrderedByLastActivityWithTheTopMessage() {
        long chat = m.chats.createPrivate(alice, bob).chatId();
        long empty = m.chats.createPrivate(alice, carol).chatId();
        send(bob, chat, "first");
        Message latest = send(carol, group, "latest");

        List<Dialog> dialogs = m.history.getDialogs(alice, 0, 10).dialogs();

        assertThat(dialogs).extracting(d -> d.chat().chatId()).containsExactly(group, chat).doesNotContain(empty);
        assertThat(dialogs.getFirst().topMessage().id()).isEqualTo(latest.id());
        assertThat(dialogs.get(1).chat().peerId()).isEqualTo(bob);
        assertThat(m.history.getDialogs(alice, 1, 10).dialogs()).hasSize(1);
    }

    @Test
    void typingReachesTheOtherMembersOnceWithinTheThrottleWindowAndIsNeverLogged() {
        long before = m.sync.getState(bob).pts();

        assertThat(m.typing.setTyping(alice, group)).isTrue();
        assertThat(m.typing.setTyping(alice, group)).isFalse();

        assertThat(m.bus.of(bob)).last().satisfies(p -> {
            assertThat(p.batch().ptsCount()).isZero();
            assertThat(p.batch().updates()).singleElement().isInstanceOf(Update.Typing.class);
        });
        assertThat(m.bus.of(alice)).noneMatch(p -> p.batch().updates().getFirst() instanceof Update.Typing);
        assertThat(m.sync.getState(bob).pts()).isEqualTo(before);
    }

    private Dialog dialog(long user) {
        return m.history.getDialogs(user, 0, 10).dialogs().stream().filter(d -> d.chat().chatId() == group)
                .findFirst().orElseThrow();
    }
}
