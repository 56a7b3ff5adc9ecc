package dev.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.channel.ChannelMethods.ChannelDifference;
import dev.parley.protocol.channel.ChannelMethods.ChannelState;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.sync.Update;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supergroups and channels through the services on a real SQLite file: fan-out on read, visibility, posting. */
class ChannelRulesTest {
    @TempDir
    Path dir;

    private MessagingFixture m;

    /** The dialect these specs run on; the {@code …PostgresTest} subclass runs them all on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }
    private long owner;
    private long reader;
    private long randomId = 1;

    @BeforeEach
    void setUp() {
        m = new MessagingFixture(backend(), dir);
        owner = m.user("owner");
        reader = m.user("reader");
    }

    @AfterEach
    void close() {
        m.close();
    }

    private Chat create(String kind, String username) {
        return m.channels.create(owner, new ChannelMethods.Create("news", "about", username, kind, false));
    }

    private Message post(long from, long chatId, String text) {
        return m.messages.send(from, chatId, text, randomId++, null, List.of()).message();
    }

    private static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Rows a post adds to each table of a channel with {@code subscribers} members (zero-delta tables left out). */
    private Map<String, Long> rowsWrittenByAPost(String username, int subscribers) {
        long chatId = create(ChannelMethods.KIND_CHANNEL, username).chatId();
        for (int i = 0; i < subscribers; i++) {
            m.channels.join(m.user(username + "sub" + i), null, username);
        }
        return m.rowsWrittenBy(() -> post(owner, chatId, "hello subscribers"));
    }

    @Test
    void aPostToAThousandSubscriberChannelWritesTheSameFewRowsAsAPostToTen() {
        Map<String, Long> small = rowsWrittenByAPost("smallnews", 10);
        Map<String, Long> large = rowsWrittenByAPost("largenews", 1000);

        assertThat(large).isEqualTo(small);
        // The owner's first post also records them as an author of the channel (chat_authors, for erasure).
        assertThat(large).containsEntry("messages", 1L).containsEntry("chat_events", 1L)
                .containsEntry("chat_authors", 1L).doesNotContainKey("update_log");
        assertThat(large.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(9);
    }

    @Test
    void getDifferencePagesThroughEveryEventInOrderWithoutGaps() {
        long chatId = create(ChannelMethods.KIND_CHANNEL, "pagednews").chatId();
        for (int i = 1; i <= 25; i++) {
            post(owner, chatId, "post " + i);
        }
        m.channels.join(reader, chatId, null);

        List<Long> seqs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long from = 0;
        int pages = 0;
        ChannelDifference page;
        do {
            page = m.channels.getDifference(reader, chatId, from, 10);
            pages++;
            for (Update u : page.updates()) {
                seqs.add(u.ptsOf());
                if (u instanceof Update.NewMessage n) {
                    texts.add(n.message().text());
                }
            }
            from = page.seq();
        } while (!page.isFinal());

        assertThat(pages).isEqualTo(3);
        // seq 1 is the creation event, posts are seq 2..26
        assertThat(seqs).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 26).boxed().toList());
        assertThat(texts).hasSize(25).first().isEqualTo("post 1");
        assertThat(m.channels.getDifference(reader, chatId, from, 10).updates()).isEmpty();
    }

    @Test
    void aPrivateChannelIsInvisibleToNonMembersAndAPublicOneIsReadable() {
        long hidden = create(ChannelMethods.KIND_CHANNEL, null).chatId();
        long open = create(ChannelMethods.KIND_CHANNEL, "opennews").chatId();
        post(owner, hidden, "secret");
        post(owner, open, "public");

        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.channels.getDifference(reader, hidden, 0, 10));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.channels.join(reader, hidden, null));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.messages.send(reader, hidden, "hi", 99, null, List.of()));
        assertThat(m.channels.getDifference(reader, open, 0, 10).updates()).hasSize(2);
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.channels.join(reader, null, "nosuchchat"));
    }

    @Test
    void onlyAdminsPostInAChannelWhileEveryMemberPostsInASupergroup() {
        long channel = create(ChannelMethods.KIND_CHANNEL, "adminnews").chatId();
        long supergroup = create(ChannelMethods.KIND_SUPERGROUP, "talkers").chatId();
        m.channels.join(reader, channel, null);
        m.channels.join(reader, supergroup, null);

        fails(ErrorCode.FORBIDDEN, () -> post(reader, channel, "may I?"));
        assertThat(post(reader, supergroup, "hello all").text()).isEqualTo("hello all");
    }

    @Test
    void channelPostsHideTheirAuthorCarryTheSignatureWhenSignedAndTheSilentFlag() {
        Chat signed = m.channels.create(owner,
                new ChannelMethods.Create("signed", null, "signednews", ChannelMethods.KIND_CHANNEL, true));
        m.channels.join(reader, signed.chatId(), null);

        Message mine = m.messages.send(owner, signed.chatId(), "quiet news", 7, null, List.of(), true).message();
        var seen = (Update.NewMessage) m.channels.getDifference(reader, signed.chatId(), 0, 10).updates().getLast();

        assertThat(mine.senderId()).isEqualTo(owner);
        assertThat(mine.authorSignature()).isEqualTo("OWNER");
        assertThat(seen.message().senderId()).isNull();
        assertThat(seen.message().authorSignature()).isEqualTo("OWNER");
        assertThat(seen.message().silent()).isTrue();
        assertThat(seen.message().out()).isFalse();
    }

    @Test
    void usernamesAreUniqueAmongChats() {
        create(ChannelMethods.KIND_CHANNEL, "takenname");
        fails(ErrorCode.USERNAME_TAKEN, () -> create(ChannelMethods.KIND_SUPERGROUP, "takenname"));
    }

    @Test
    void channelStatesListTheTopSeqOfEveryJoinedLargeChat() {
        long a = create(ChannelMethods.KIND_CHANNEL, "firstnews").chatId();
        long b = create(ChannelMethods.KIND_SUPERGROUP, "secondtalk").chatId();
        m.channels.join(reader, a, null);
        m.channels.join(reader, b, null);
        post(owner, a, "one");
        post(owner, a, "two");

        assertThat(m.channels.getChannelStates(reader).states())
                .containsExactlyInAnyOrder(new ChannelState(a, 3), new ChannelState(b, 2));
    }

    @Test
    void convertingAGroupToASupergroupKeepsItsHistoryAndStopsFanOutOnWrite() {
        long group = m.chats.createGroup(owner, "club", List.of(reader)).chat().chatId();
        post(reader, group, "before");

        Chat converted = m.channels.convertToSupergroup(owner, group);
        long logRows = m.count("SELECT COUNT(*) FROM update_log");
        post(owner, group, "after");

        assertThat(converted.kind()).isEqualTo(ChannelMethods.KIND_SUPERGROUP);
        assertThat(converted.chatId()).isEqualTo(group);
        assertThat(m.history.getHistory(reader, group, null, 10, true).messages())
                .extracting(Message::text).containsExactly("after", "before");
        // The supergroup's difference reads from its first seq: messages from its days as a group included.
        assertThat(m.channels.getDifference(reader, group, 0, 100).updates().stream()
                .filter(Update.NewMessage.class::isInstance).map(u -> ((Update.NewMessage) u).message().text()))
                .containsExactly("before", "after");
        assertThat(m.count("SELECT COUNT(*) FROM update_log")).isEqualTo(logRows);
        fails(ErrorCode.FORBIDDEN, () -> m.channels.convertToSupergroup(reader,
                m.chats.createGroup(owner, "other", List.of(reader)).chat().chatId()));
        fails(ErrorCode.PEER_INVALID, () -> m.channels.convertToSupergroup(owner, group));
    }

    @Test
    void anOwnerWhoLeavesPassesOwnershipOnAndTheLastToLeaveDeletesTheChat() {
        long chatId = create(ChannelMethods.KIND_SUPERGROUP, "passingon").chatId();
        m.channels.join(reader, chatId, null);

        m.channels.leave(owner, chatId);
        assertThat(m.chats.get(reader, chatId).myRole()).isEqualTo("owner");
        m.channels.leave(reader, chatId);

        assertThat(m.count("SELECT COUNT(*) FROM chats WHERE chat_id = ?", chatId)).isZero();
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.channels.getDifference(reader, chatId, 0, 10));
    }

    @Test
    void readingAChannelCountsWhatIsLeftFromThePointerWithoutReceiptsToTheAuthor() {
        long chatId = create(ChannelMethods.KIND_CHANNEL, "readnews").chatId();
        m.channels.join(reader, chatId, null);
        Message first = post(owner, chatId, "one");
        post(owner, chatId, "two");
        long ownerPts = m.sync.getState(owner).pts();

        m.messages.readHistory(reader, chatId, first.id());

        var inbox = (Update.ReadHistoryInbox) m.sync.getDifference(reader, 0, 10).updates().getLast();
        assertThat(inbox.unreadCount()).isEqualTo(1);
        assertThat(m.sync.getState(owner).pts()).isEqualTo(ownerPts);
        post(owner, chatId, "three");
        assertThat(m.history.getDialogs(reader, 0, 10).dialogs().getFirst().unreadCount()).isEqualTo(2);
    }

    @Test
    void theTitleAndAboutChangeWithTheChangeInfoRightAndANewTitleIsAnEvent() {
        long chatId = create(ChannelMethods.KIND_CHANNEL, "infonews").chatId();
        m.channels.join(reader, chatId, null);
        fails(ErrorCode.FORBIDDEN, () -> m.channels.editInfo(reader, chatId, "mine", null));
        long from = m.channels.getDifference(reader, chatId, 0, 100).seq();

        Chat renamed = m.channels.editInfo(owner, chatId, "renamed", "new about");

        assertThat(renamed.title()).isEqualTo("renamed");
        assertThat(renamed.about()).isEqualTo("new about");
        assertThat(m.channels.getDifference(reader, chatId, from, 100).updates())
                .containsExactly(new Update.ChatTitle(chatId, "renamed", from + 1));
        fails(ErrorCode.CHAT_NOT_MODIFIED, () -> m.channels.editInfo(owner, chatId, "renamed", "new about"));
        m.moderation.setAdmin(owner, chatId, reader, Rights.adminRights(Rights.ALL_ADMIN & ~Rights.CHANGE_INFO
                & ~Rights.ADD_ADMINS));
        fails(ErrorCode.FORBIDDEN, () -> m.channels.editInfo(reader, chatId, null, ""));
        m.moderation.setAdmin(owner, chatId, reader, Rights.adminRights(Rights.CHANGE_INFO));
        assertThat(m.channels.editInfo(reader, chatId, null, "").about()).isNull();
        assertThat(m.channels.getDifference(reader, chatId, from + 1, 100).updates())
                .noneMatch(u -> u instanceof Update.ChatTitle);

        long talk = create(ChannelMethods.KIND_SUPERGROUP, "infotalk").chatId();
        m.channels.join(reader, talk, null);
        assertThat(m.channels.editInfo(reader, talk, "members may", null).title()).isEqualTo("members may");
        long group = m.chats.createGroup(owner, "small", List.of(reader)).chat().chatId();
        fails(ErrorCode.PEER_INVALID, () -> m.channels.editInfo(owner, group, "x", null));
    }
}
