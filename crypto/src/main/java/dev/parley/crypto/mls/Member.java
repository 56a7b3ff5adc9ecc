package dev.parley.crypto.mls;

import dev.parley.crypto.identity.DeviceCredential;
import java.util.Objects;

/**
 * One leaf of a group: a device, identified by its verified credential.
 *
 * @param leafIndex the leaf's index in the ratchet tree (what {@link MlsEngine#removeMembers} takes)
 * @param credential the device's credential; its key equals the leaf's signature key
 */
public record Member(int leafIndex, DeviceCredential credential) {
    public Member {
        if (leafIndex < 0) {
            throw new IllegalArgumentException("leafIndex must not be negative");
        }
        Objects.requireNonNull(credential, "credential");
    }
}
