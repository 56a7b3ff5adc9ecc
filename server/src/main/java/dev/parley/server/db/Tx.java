package dev.parley.server.db;

import org.jdbi.v3.core.Handle;

/** Work done inside one database transaction; the handle is valid only for the call. */
@FunctionalInterface
public interface Tx<T> {
    T run(Handle handle);
}
