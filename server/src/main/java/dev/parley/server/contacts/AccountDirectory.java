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
    private final AccountService accounts;

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

    @Override
    public boolean isBot(long userId) {
        return accounts.findById(userId).map(p -> UserProfile.KIND_BOT.equals(p.kind())).orElse(false);
    }

    private static User user(UserProfile profile) {
        return new User(profile.userId(), profile.username(), profile.displayName());
    }
}
