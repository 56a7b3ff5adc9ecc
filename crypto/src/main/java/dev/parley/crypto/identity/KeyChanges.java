package dev.parley.crypto.identity;

import java.util.List;
import java.util.Objects;

/**
 * How a contact's device key list changed between what we stored and what the directory now says.
 *
 * @param added devices that are new
 * @param removed devices that are gone
 * @param replaced devices whose key differs from the stored one (the directory is append-only, so this means a
 *     re-registered device or a misbehaving server: always show it)
 */
public record KeyChanges(List<DeviceKey> added, List<DeviceKey> removed, List<Replaced> replaced) {

    /** A device id that now has a different key. */
    public record Replaced(DeviceKey before, DeviceKey after) {
        public Replaced {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    public KeyChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        replaced = List.copyOf(replaced);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && replaced.isEmpty();
    }

    /** Any change of the key set changes the safety number, so a verified contact becomes unverified. */
    public boolean changesSafetyNumber() {
        return !isEmpty();
    }
}
