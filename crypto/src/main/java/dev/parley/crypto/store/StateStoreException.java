package dev.parley.crypto.store;

import java.util.Objects;

/** A record that cannot be read back as written, or a storage failure. */
public final class StateStoreException extends Exception {

    /** Why a record could not be read or written. */
    public enum Reason {
        /** Authentication failed: the file was modified, moved to another name, or the local secret differs. */
        TAMPERED,
        /** The file is not in the store's format (wrong magic or version, too short). */
        CORRUPT,
        /** The file system failed. */
        IO
    }

    private final Reason reason;

    public StateStoreException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
