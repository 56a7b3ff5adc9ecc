package dev.parley.server.account;

import org.jdbi.v3.core.Handle;

/**
 * Runs inside the transaction that creates an account, so a feature that creates accounts of its own kind (bots)
 * writes its rows atomically with the user row. Plain SQL on the given handle; no transactions of its own.
 */
@FunctionalInterface
public interface AccountCreation {
    void created(Handle handle, long userId);
}
