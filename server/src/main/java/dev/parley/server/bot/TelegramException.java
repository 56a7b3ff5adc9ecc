package dev.parley.server.bot;

/**
 * A Bot API failure as Telegram words it: {@code error_code} (also the HTTP status), {@code description}, and for
 * 429 the seconds to wait. Thrown by the Telegram methods, turned into the {@code {"ok":false,…}} envelope in one
 * place ({@link BotHttpApi}).
 */
public final class TelegramException extends RuntimeException {
    private final int errorCode;
    private final Integer retryAfter;

    public TelegramException(int errorCode, String description, Integer retryAfter) {
        super(description, null, false, false);
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    public static TelegramException badRequest(String detail) {
        return new TelegramException(400, "Bad Request: " + detail, null);
    }

    public static TelegramException forbidden(String detail) {
        return new TelegramException(403, "Forbidden: " + detail, null);
    }

    public static TelegramException notSupported(String what) {
        return badRequest(what + " is not supported yet");
    }

    public int errorCode() {
        return errorCode;
    }

    public String description() {
        return getMessage();
    }

    public Integer retryAfter() {
        return retryAfter;
    }
}
