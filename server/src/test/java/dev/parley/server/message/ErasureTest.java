package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sync.Update;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account erasure leaves none of the account's rows or content in any messaging table. */
class ErasureTest {
    @TempDir
    Path dir;

    private MessagingFixture m;

    /** The dialect these specs run on; the {@code …PostgresTest} subclass runs them all on PostgreSQL. */
    Backend backend() {
        return Backend.SQLITE;
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void erasingAnAccountRemovesItsRowsAndContentAndTellsTheOthers() {
        m = new MessagingFixture(backend(), dir);
        long gone = m.user("leaving"), bob = m.user("bobby"), carol = m.user("carol");
        long group = m.chats.createGroup(gone, "club", List.of(bob, carol)).chat().chatId();
        long chat = m.chats.createPrivate(gone, bob).chatId();
        long left = m.chats.createGroup(bob, "old", List.of(gone)).chat().chatId();
        m.messages.send(gone, left, "said before leaving", 1, null, List.of());
        m.chats.leave(gone, left);
        m.messages.send(gone, group, "my words", 2, null, List.of());
        m.messages.send(bob, group, "bob's words", 3, null, List.of());
        m.messages.send(gone, chat, "private words", 4, null, List.of());
        m.contacts.block(gone, carol);
        m.contacts.block(carol, gone);
        m.messages.delete(gone, group, List.of(m.history.getHistory(gone, group, null, 1, true).messages()
                .getFirst().id()), false);

        assertThat(m.count("SELECT COUNT(*) FROM chat_authors WHERE user_id = ?", gone))
                .as("the chats they posted in, the one they left included").isEqualTo(3);

        m.database.write(h -> m.erasure.eraseAccount(h, gone));

        for (String table : List.of("chat_members WHERE user_id = ?", "messages WHERE sender_id = ?",
                "update_log WHERE user_id = ?", "user_sync_state WHERE user_id = ?", "blocks WHERE user_id = ?",
                "blocks WHERE blocked_user_id = ?", "hidden_messages WHERE user_id = ?",
                "sent_random_ids WHERE user_id = ?", "private_chats WHERE user_id = ?",
                "private_chats WHERE peer_id = ?", "chat_authors WHERE user_id = ?")) {
            assertThat(m.count("SELECT COUNT(*) FROM " + table, gone)).as(table).isZero();
        }
        String indexed = switch (backend()) {
            case SQLITE -> "SELECT COUNT(*) FROM message_search WHERE message_search MATCH 'words OR said'";
            case POSTGRESQL ->
                    "SELECT COUNT(*) FROM message_search WHERE document @@ to_tsquery('simple', 'words | said')";
        };
        assertThat(m.count(indexed)).isEqualTo(1);
        assertThat(m.count("SELECT COUNT(*) FROM chats WHERE chat_id = ?", chat)).isZero();
        assertThat(m.chats.get(bob, group).myRole()).isEqualTo("owner");
        assertThat(m.history.getHistory(bob, left, null, 10, true).messages()).isEmpty();
        assertThat(m.sync.getDifference(bob, 0, 100).updates()).extracting(Update::type)
                .contains("chatDeleted", "deleteMessages", "chatMembership", "chatRole");
    }
}
