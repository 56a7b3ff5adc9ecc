package dev.parley.server.gateway;

/** An authenticated device session: the account and the session (one per logged-in device). */
public record AuthSession(long userId, long sessionId) {}
