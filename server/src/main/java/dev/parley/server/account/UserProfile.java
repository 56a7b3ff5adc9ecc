package dev.parley.server.account;

import java.util.Objects;

/** The public face of an account that other features may show: never the password hash or sessions. */
public record UserProfile(long userId, String username, String displayName, String kind) {
    public static final String KIND_USER = "user";
    public static final String KIND_BOT = "bot";

    public UserProfile {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        if (!KIND_USER.equals(kind) && !KIND_BOT.equals(kind)) {
            throw new IllegalArgumentException("kind must be user or bot, was " + kind);
        }
    }
}
