package dev.parley.crypto.mls;

import java.util.Objects;
import java.util.Optional;

/**
 * A commit this device made. Send {@code commit} to the delivery service, then:
 * <ul>
 *   <li>if it is accepted, adopt {@code pending} (the next epoch) and deliver {@code welcome} to the new members;
 *   <li>if it is rejected with STALE_EPOCH, drop {@code pending}, keep {@code current}, handle the winning commit,
 *       and redo the change on the new epoch.
 * </ul>
 * Persist {@code current} right away either way: creating the commit used a handshake key of the current epoch.
 *
 * @param commit the MLSMessage (a PrivateMessage) carrying the commit
 * @param welcome the MLSMessage (wire format mls_welcome) for added members, when members were added
 * @param current the state of the current epoch after this commit was created
 * @param pending the state of the next epoch, valid once the delivery service accepted {@code commit}
 */
public record CommitResult(byte[] commit, Optional<byte[]> welcome, GroupState current, GroupState pending) {
    public CommitResult {
        commit = Objects.requireNonNull(commit, "commit").clone();
        welcome = Objects.requireNonNull(welcome, "welcome").map(byte[]::clone);
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(pending, "pending");
    }

    @Override
    public byte[] commit() {
        return commit.clone();
    }

    @Override
    public Optional<byte[]> welcome() {
        return welcome.map(byte[]::clone);
    }
}
