package dev.parley.crypto.mls;

import java.util.Objects;

/**
 * A group joined from a Welcome.
 *
 * @param state the group state to persist
 * @param usedKeyPackage the key package the Welcome was for: delete its secrets unless it is the last-resort one
 */
public record JoinResult(GroupState state, KeyPackageBundle usedKeyPackage) {
    public JoinResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(usedKeyPackage, "usedKeyPackage");
    }
}
