package dev.parley.server.db;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;

/** A write arrived after shutdown began, or the writer queue is full: the caller may retry on another node. */
public final class WriteRejectedException extends ParleyException {
    public WriteRejectedException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }
}
