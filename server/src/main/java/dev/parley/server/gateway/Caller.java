package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;

/**
 * Who is calling a method: the authenticated session (absent only for the few methods that need none) and the
 * client's address, for throttling.
 */
public record Caller(AuthSession session, String clientAddress) {
    public static Caller anonymous(String clientAddress) {
        return new Caller(null, clientAddress);
    }

    public boolean authenticated() {
        return session != null;
    }

    public long userId() {
        return requireSession().userId();
    }

    public long sessionId() {
        return requireSession().sessionId();
    }

    private AuthSession requireSession() {
        if (session == null) {
            throw new ParleyException(ErrorCode.AUTH_REQUIRED, "this method needs an authenticated session");
        }
        return session;
    }
}
