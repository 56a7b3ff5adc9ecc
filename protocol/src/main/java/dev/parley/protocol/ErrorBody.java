package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code error} member of a reply: {@code {"code":"CHAT_NOT_FOUND","message":"…","retryAfter":3}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, Integer retryAfter) {
    /** The typed code, or {@link ErrorCode#INTERNAL} for a code this client version does not know yet. */
    public ErrorCode errorCode() {
        try {
            return ErrorCode.valueOf(code);
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return ErrorCode.INTERNAL;
        }
    }

    public ParleyException toException() {
        return new ParleyException(errorCode(), message == null ? code : message, retryAfter);
    }
}
