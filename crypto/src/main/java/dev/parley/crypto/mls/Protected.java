package dev.parley.crypto.mls;

import java.util.Objects;

/**
 * An application message encrypted for the group.
 *
 * @param state the state to persist before sending (the sender ratchet moved on)
 * @param message the MLSMessage (PrivateMessage) to send
 */
public record Protected(GroupState state, byte[] message) {
    public Protected {
        Objects.requireNonNull(state, "state");
        message = Objects.requireNonNull(message, "message").clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }
}
