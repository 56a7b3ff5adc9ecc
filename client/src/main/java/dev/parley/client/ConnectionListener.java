package dev.parley.client;

/**
 * Connection lifecycle events, delivered on the client's update thread in order with the update batches, so a
 * listener sees "reconnected" after every batch received on the old connection (the point where issue 4's sync
 * asks the server for the difference).
 */
public interface ConnectionListener {
    /** The connection is (re)established and, if the client holds a token, re-authenticated. */
    default void onConnected(boolean reconnect) {}

    /** The connection dropped unexpectedly; the client is reconnecting. */
    default void onDisconnected(String reason) {}

    /**
     * The server revoked this session (WebSocket close 4001, or the stored token was refused on re-hello). The
     * client does not reconnect; every pending and later call fails with {@code SESSION_REVOKED}.
     */
    default void onSessionRevoked(String reason) {}
}
