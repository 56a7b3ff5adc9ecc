package dev.parley.server.gateway;

import java.util.Optional;

/** Resolves a bearer token to its live session; implemented by the account feature. */
@FunctionalInterface
public interface SessionAuthenticator {
    Optional<AuthSession> authenticate(String token);
}
