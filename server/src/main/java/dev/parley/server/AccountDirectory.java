package dev.parley.server;

import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.UserProfile;
import dev.parley.server.contacts.UserDirectory;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The messaging features' view of accounts, over the account service's read API (wiring glue only). */
final class AccountDirectory implements UserDirectory {
    private final AccountService accounts;

    AccountDirectory(AccountService accounts) {
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
        return accounts.findByIds(userIds).values().stream()
                .collect(Collectors.toMap(UserProfile::userId, AccountDirectory::user));
    }

    private static User user(UserProfile profile) {
        return new User(profile.userId(), profile.username(), profile.displayName());
    }
}
