package dev.parley.protocol;

/**
 * Every typed error the server can answer with. The wire carries {@link #name()}; HTTP answers use
 * {@link #httpStatus()}. Codes are only ever added, never renamed (clients switch on them).
 */
public enum ErrorCode {
    // transport and envelope
    BAD_REQUEST(400),
    METHOD_NOT_FOUND(404),
    FRAME_TOO_LARGE(413),
    TOO_MANY_REQUESTS(429),
    FLOOD_WAIT(429),
    PROTOCOL_VERSION_UNSUPPORTED(400),
    INTERNAL(500),
    UNAVAILABLE(503),
    /** Raised by the SDK, never sent by the server: no reply arrived within the client's request timeout. */
    TIMEOUT(504),
    // authentication and accounts
    UNAUTHORIZED(401),
    AUTH_REQUIRED(401),
    SESSION_REVOKED(401),
    AUTH_FAILED(401),
    USERNAME_INVALID(400),
    USERNAME_TAKEN(409),
    PASSWORD_INVALID(400),
    DISPLAY_NAME_INVALID(400),
    SESSION_NOT_FOUND(404),
    // authorization and objects
    FORBIDDEN(403),
    USER_NOT_FOUND(404),
    CHAT_NOT_FOUND(404),
    MESSAGE_NOT_FOUND(404),
    USER_BLOCKED(403),
    MESSAGE_TOO_LONG(400),
    MESSAGE_EMPTY(400),
    ENTITIES_INVALID(400),
    CHAT_TITLE_INVALID(400),
    MEMBER_LIMIT_REACHED(400),
    USER_NOT_MEMBER(400),
    USER_ALREADY_MEMBER(400),
    MESSAGE_NOT_MODIFIED(400),
    // messaging (docs/protocol/messaging.md)
    CHAT_NOT_MODIFIED(400),
    RANDOM_ID_DUPLICATE(409),
    PEER_INVALID(400),
    /** Slow mode: the member must wait {@code retryAfter} seconds before their next message in this chat. */
    SLOWMODE_WAIT(429),
    /** The user is banned from this chat (until the ban expires or an admin lifts it). */
    USER_BANNED(403),
    /** The invite link is unknown, revoked, expired or used up. */
    INVITE_INVALID(400),
    // posts (docs/protocol/posts.md)
    /** The reaction is not one the chat allows (or reactions are off there). */
    REACTION_INVALID(400),
    /** The poll is closed: no more votes. */
    POLL_CLOSED(400),
    /** A vote or poll names an option the poll does not have (or several in a single-answer poll). */
    POLL_OPTION_INVALID(400),
    // bots (docs/protocol/bots.md)
    BOT_NOT_FOUND(404),
    BOT_LIMIT_REACHED(400),
    BUTTON_INVALID(400),
    // end-to-end encryption (docs/protocol/e2e.md)
    STALE_EPOCH(409),
    MLS_MESSAGE_INVALID(400),
    MLS_GROUP_MISMATCH(400),
    MLS_MESSAGE_TOO_LARGE(413),
    IDENTITY_KEY_INVALID(400),
    DEVICE_NOT_FOUND(404),
    KEY_PACKAGE_LIMIT_REACHED(400),
    CHAT_ENCRYPTED(400),
    CHAT_NOT_ENCRYPTED(400),
    E2E_HANDSHAKE_REQUIRED(400);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
