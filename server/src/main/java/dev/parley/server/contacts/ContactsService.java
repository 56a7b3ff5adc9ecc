package dev.parley.server.contacts;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.server.db.Database;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/** Finding users and blocking them. Other features ask it whether one user blocked another. */
public final class ContactsService {
    private final Database database;
    private final ContactsStore store;
    private final UserDirectory users;
    private final Clock clock;

    public ContactsService(Database database, ContactsStore store, UserDirectory users, Clock clock) {
        this.database = database;
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    public User resolveUsername(String canonicalUsername) {
        return users.findByUsername(canonicalUsername)
                .orElseThrow(() -> new ParleyException(ErrorCode.USER_NOT_FOUND, "no user with that username"));
    }

    /** The user's public profile, or USER_NOT_FOUND. */
    public User requireUser(long userId) {
        return users.findById(userId)
                .orElseThrow(() -> new ParleyException(ErrorCode.USER_NOT_FOUND, "no user " + userId));
    }

    public void block(long userId, long otherId) {
        requireOther(userId, otherId);
        long now = clock.instant().getEpochSecond();
        database.write(h -> {
            store.block(h, userId, otherId, now);
            return null;
        });
    }

    public void unblock(long userId, long otherId) {
        requireOther(userId, otherId);
        database.write(h -> {
            store.unblock(h, userId, otherId);
            return null;
        });
    }

    /** True when either user blocked the other: then neither can message the other privately or add them. */
    public boolean blockedEitherWay(Handle handle, long a, long b) {
        return store.blocked(handle, a, b) || store.blocked(handle, b, a);
    }

    /** True when {@code userId} blocked {@code otherId}. */
    public boolean blocked(Handle handle, long userId, long otherId) {
        return store.blocked(handle, userId, otherId);
    }

    public void eraseUser(Handle handle, long userId) {
        store.eraseUser(handle, userId);
    }

    private void requireOther(long userId, long otherId) {
        if (userId == otherId) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "you cannot block yourself");
        }
        requireUser(otherId);
    }
}
