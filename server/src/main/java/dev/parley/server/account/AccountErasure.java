package dev.parley.server.account;

import org.jdbi.v3.core.Handle;

/**
 * Implemented by every feature that stores rows about a user: {@code account.delete} calls each one inside the same
 * write transaction that removes the account's sessions and user row, so an account is erased completely or not at
 * all. Implementations delete (or anonymise, where other people's history needs the row) with plain SQL on the given
 * handle and must not open transactions of their own.
 */
@FunctionalInterface
public interface AccountErasure {
    void eraseAccount(Handle handle, long userId);
}
