package dev.parley.server.account;

import dev.parley.server.gateway.AuthSession;
import dev.parley.server.gateway.ClientConnection;
import java.util.concurrent.CompletableFuture;

/** A live connection as the registry sees it, remembering how it was closed (the real socket is the gateway's). */
final class RecordingConnection implements ClientConnection {
    private final AuthSession session;
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();

    RecordingConnection(AuthSession session) {
        this.session = session;
    }

    @Override
    public AuthSession session() {
        return session;
    }

    @Override
    public void send(String frame) {
        // Pushes are not part of what the account tests check.
    }

    @Override
    public void close(int code, String reason) {
        closedWith.complete(code);
    }
}
