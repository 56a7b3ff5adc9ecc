package dev.parley.server.sync;

/** A stored update-log row: exactly one {@link dev.parley.protocol.sync.Update} renders from it. */
public record LogRow(long userId, long pts, String kind, long chatId, Long seq, String payload, long date) {}
