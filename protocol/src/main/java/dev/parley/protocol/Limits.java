package dev.parley.protocol;

/** Protocol-wide limits, documented in docs/PROTOCOL.md. */
public final class Limits {
    private Limits() {}

    public static final int PROTOCOL_VERSION = 1;
    /** Largest WebSocket frame or HTTP body the server accepts. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** Ids are JSON integers within ±2^53 so JavaScript and the Bot API can hold them exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
}
