package dev.parley.server.gateway;

/**
 * One live authenticated client connection, as seen by features that push to it. Implementations must make
 * {@link #send} safe to call from any thread and cheap when the peer is slow (frames are queued, never block).
 */
public interface ClientConnection {
    AuthSession session();

    /** Queues a text frame (JSON) for the client. Dropped silently if the connection is closing. */
    void send(String frame);

    /** Closes the connection with a WebSocket close code and a short reason. */
    void close(int code, String reason);
}
