package dev.parley.crypto.mls;

import java.util.Objects;

/**
 * A typed MLS failure. bcmls reports every failure as a bare {@code Exception} with a message; the engine maps
 * those to a {@link Reason} the caller can act on (rebase on {@code STALE_EPOCH}, fetch missed commits on
 * {@code FUTURE_EPOCH}, drop the message otherwise).
 */
public final class MlsException extends Exception {

    /** What went wrong, from the caller's point of view. */
    public enum Reason {
        /** The message belongs to an epoch this state has already left (a concurrent commit lost the race). */
        STALE_EPOCH,
        /** The message belongs to a later epoch: commits are missing and must be handled first, in order. */
        FUTURE_EPOCH,
        /** Malformed, wrongly signed, for another group, or not acceptable (e.g. an unsupported proposal). */
        INVALID_MESSAGE,
        /** This device is not (or no longer) a member; e.g. a Welcome that targets none of our key packages. */
        NOT_A_MEMBER,
        /** The ciphertext did not decrypt (wrong keys, tampered, or a key already used). */
        DECRYPT_FAILED,
        /** A key package that is malformed, wrongly signed, of another suite, or with a bad credential. */
        INVALID_KEY_PACKAGE,
        /** Our own commit came back: adopt the pending state from the {@link CommitResult} instead. */
        OWN_COMMIT,
        /** A member index or argument that does not fit this group. */
        INVALID_ARGUMENT,
        /** A persisted group state that cannot be restored. */
        CORRUPT_STATE
    }

    private final Reason reason;

    public MlsException(Reason reason, String message) {
        this(reason, message, null);
    }

    public MlsException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
