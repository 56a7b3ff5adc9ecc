package dev.parley.crypto.mls;

import java.util.Objects;

/**
 * A decrypted, authenticated application message.
 *
 * @param state the state to persist (the used key is erased from it)
 * @param plaintext the application data
 * @param sender the member that signed it
 */
public record Unprotected(GroupState state, byte[] plaintext, Member sender) {
    public Unprotected {
        Objects.requireNonNull(state, "state");
        plaintext = Objects.requireNonNull(plaintext, "plaintext").clone();
        Objects.requireNonNull(sender, "sender");
    }

    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }
}
