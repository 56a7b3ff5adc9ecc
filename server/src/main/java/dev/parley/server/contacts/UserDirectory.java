package dev.parley.server.contacts;

import dev.parley.protocol.contacts.ContactsMethods.User;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The messaging features' view of accounts: public profiles by id or username. Implemented over the account
 * service's read API at wiring time, so messaging never reads the account tables.
 */
public interface UserDirectory {
    Optional<User> findById(long userId);

    Optional<User> findByUsername(String canonicalUsername);

    /** Profiles of those ids that exist; missing ids are simply absent. */
    Map<Long, User> findByIds(Collection<Long> userIds);

    /**
     * Whether the account is a bot (Bot API). Bots may be appointed to channels without joining, and entitled bots
     * get per-user detail of votes and reactions that people's clients never receive. An account's kind never changes.
     */
    boolean isBot(long userId);
}
