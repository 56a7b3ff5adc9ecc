package dev.parley.protocol.account;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import java.util.List;
import java.util.regex.Pattern;

/** Params and results of the {@code auth.*} and {@code account.*} methods (docs/PROTOCOL.md, "Accounts"). */
public final class AuthMethods {
    private AuthMethods() {}

    public static final String HELLO = "auth.hello";
    public static final String REGISTER = "auth.register";
    public static final String LOGIN = "auth.login";
    public static final String LOGOUT = "auth.logout";
    public static final String GET_ME = "account.getMe";
    public static final String GET_SESSIONS = "account.getSessions";
    public static final String REVOKE_SESSION = "account.revokeSession";
    public static final String CHANGE_PASSWORD = "account.changePassword";
    public static final String DELETE = "account.delete";

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_]{5,32}");
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 256;

    /** Usernames are compared case-insensitively: the canonical form is lower case. */
    public static String canonicalUsername(String value) {
        Fields.require(value, "username");
        String canonical = value.toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(canonical).matches()) {
            throw new ParleyException(ErrorCode.USERNAME_INVALID,
                    "username must be 5–32 characters of a–z, 0–9 and _");
        }
        return canonical;
    }

    static String validNewPassword(String value, String field) {
        Fields.require(value, field);
        int length = Fields.codePoints(value);
        if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
            throw new ParleyException(ErrorCode.PASSWORD_INVALID,
                    "field '" + field + "': a password must be " + PASSWORD_MIN + "–" + PASSWORD_MAX + " characters");
        }
        return value;
    }

    static String validGivenPassword(String value, String field) {
        Fields.require(value, field);
        if (value.isEmpty() || value.length() > PASSWORD_MAX * 2) {
            throw ParleyException.badRequest("field '" + field + "': must be 1–" + PASSWORD_MAX + " characters");
        }
        return value;
    }

    static String validDeviceName(String value) {
        return Fields.text(value == null ? "Unknown device" : value, "deviceName", 1, 64, false, ErrorCode.BAD_REQUEST);
    }

    public record Hello(String token, Integer protocolVersion) {
        public Hello {
            Fields.require(token, "token");
            if (token.isEmpty() || token.length() > 128) {
                throw ParleyException.badRequest("field 'token': malformed");
            }
            if (protocolVersion == null) {
                protocolVersion = Limits.PROTOCOL_VERSION;
            }
        }
    }

    public record HelloResult(long userId, long sessionId, int protocolVersion) {}

    public record Register(String username, String password, String displayName, String deviceName) {
        public Register {
            username = canonicalUsername(username);
            password = validNewPassword(password, "password");
            displayName = Fields.text(displayName == null ? username : displayName, "displayName", 1, 64, false,
                    ErrorCode.DISPLAY_NAME_INVALID);
            deviceName = validDeviceName(deviceName);
        }
    }

    public record Login(String username, String password, String deviceName) {
        public Login {
            Fields.require(username, "username");
            if (username.isEmpty() || username.length() > 64) {
                throw ParleyException.badRequest("field 'username': must be 1–64 characters");
            }
            username = username.toLowerCase(java.util.Locale.ROOT);
            password = validGivenPassword(password, "password");
            deviceName = validDeviceName(deviceName);
        }
    }

    /** Result of register and login: the token is shown once and stored by the server only as a hash. */
    public record AuthResult(long userId, String token, long sessionId) {}

    public record Empty() {}

    public record Me(long userId, String username, String displayName, long createdAt) {}

    public record SessionInfo(long sessionId, String deviceName, long createdAt, long lastActiveAt, boolean current) {}

    public record Sessions(List<SessionInfo> sessions) {}

    public record RevokeSession(Long sessionId) {
        public RevokeSession {
            Fields.positiveId(sessionId, "sessionId");
        }
    }

    public record ChangePassword(String oldPassword, String newPassword) {
        public ChangePassword {
            oldPassword = validGivenPassword(oldPassword, "oldPassword");
            newPassword = validNewPassword(newPassword, "newPassword");
        }
    }

    public record DeleteAccount(String password) {
        public DeleteAccount {
            password = validGivenPassword(password, "password");
        }
    }

    /** A generic acknowledgement for methods that only change state. */
    public record Ok(boolean ok) {
        public static final Ok OK = new Ok(true);
    }
}
