package dev.parley.server.contacts;

import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.UserProfile;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@link UserDirectory} over the account service's read API (messaging never reads the account tables). */
public final class AccountDirectory implements UserDirectory {
    private static final int KINDS_KEPT = 10_000;

    private final AccountService accounts;
    private final Map<Long, Boolean> kinds = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > KINDS_KEPT;
        }
    };

    public AccountDirectory(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<User> findById(long userId) {
        return accounts.findById(userId).map(AccountDirectory::user);
    }

    @Override
    public Optional<User> findByUsername(String canonicalUsername) {
        return accounts.findByUsername(canonicalUsername).map(AccountDirectory::user);
    }

    @Override
    public Map<Long, User> findByIds(Collection<Long> userIds) {
        Map<Long, User> users = new HashMap<>();
        accounts.findByIds(userIds).forEach((id, profile) -> users.put(id, user(profile)));
        return users;
    }

    /**
     * Remembered per id: an account's kind never changes and ids are never reused, and renderers ask inside their
     * read transactions (for each reaction or vote event an admin or poll author reads), so a repeat costs no second
     * connection. Bounded, least recently used first out.
     */
    @Override
    public boolean isBot(long userId) {
        synchronized (kinds) {
            Boolean known = kinds.get(userId);
            if (known != null) {
                return known;
            }
        }
        var profile = accounts.findById(userId);
        boolean bot = profile.map(p -> UserProfile.KIND_BOT.equals(p.kind())).orElse(false);
        if (profile.isPresent()) {
            synchronized (kinds) {
                kinds.put(userId, bot);
            }
        }
        return bot;
    }

    private static User user(UserProfile profile) {
        return new User(profile.userId(), profile.username(), profile.displayName());
    }
}
