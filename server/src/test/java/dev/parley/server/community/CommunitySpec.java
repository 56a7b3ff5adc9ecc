package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.message.Message;
import dev.parley.server.account.MutableClock;
import dev.parley.server.chat.Rights;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.MessagingFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared setup of the community-tool specifications: the messaging services on a real database (SQLite here; each
 * spec's {@code …PostgresTest} subclass overrides {@link #backend}), a clock the test moves, an owner and helpers.
 */
abstract class CommunitySpec {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    MessagingFixture m;
    long owner;
    private long randomId = 1;

    Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeEach
    void openFixture() {
        m = new MessagingFixture(backend(), dir, SyncSettings.defaults(), clock);
        owner = m.user("owner");
    }

    @AfterEach
    void closeFixture() {
        m.close();
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    long supergroup(String username) {
        return m.channels.create(owner, new ChannelMethods.Create("group " + username, null, username,
                ChannelMethods.KIND_SUPERGROUP, false)).chatId();
    }

    long channel(String username) {
        return m.channels.create(owner, new ChannelMethods.Create("channel " + username, null, username,
                ChannelMethods.KIND_CHANNEL, false)).chatId();
    }

    /** A new user who joined the public chat. */
    long member(String name, String chatUsername) {
        long user = m.user(name);
        m.channels.join(user, null, chatUsername);
        return user;
    }

    /** Makes {@code user} an admin holding only {@code rights}. */
    void admin(long chatId, long user, int rights) {
        m.moderation.setAdmin(owner, chatId, user, Rights.adminRights(rights));
    }

    long nextRandomId() {
        return randomId++;
    }

    Message post(long from, long chatId, String text) {
        return m.messages.send(from, chatId, text, nextRandomId(), null, List.of()).message();
    }

    List<Message> history(long user, long chatId) {
        return m.history.getHistory(user, chatId, null, 100, true).messages();
    }

    static void fails(ErrorCode code, ThrowingCallable action) {
        assertThatThrownBy(action).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
