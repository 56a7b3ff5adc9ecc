package dev.parley.protocol;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The one exception family of Parley: a typed {@link ErrorCode} and a human message. The server maps it to the wire
 * in one place; the SDK rebuilds it from an error reply, so both sides catch the same type.
 */
public class ParleyException extends RuntimeException {
    private final ErrorCode code;
    private final Integer retryAfterSeconds;

    public ParleyException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ParleyException(ErrorCode code, String message, Integer retryAfterSeconds) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ParleyException badRequest(String message) {
        return new ParleyException(ErrorCode.BAD_REQUEST, message);
    }

    public static ParleyException floodWait(int retryAfterSeconds) {
        return new ParleyException(ErrorCode.FLOOD_WAIT, "Too many requests: retry after " + retryAfterSeconds + " s",
                retryAfterSeconds);
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds the caller must wait before retrying; present for {@link ErrorCode#FLOOD_WAIT}. */
    public OptionalInt retryAfter() {
        return retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
    }

    public ErrorBody toBody() {
        return new ErrorBody(code.name(), getMessage(), retryAfterSeconds);
    }
}
