package dev.parley.protocol;

/**
 * Edge validation shared by params records (called from their compact constructors), so the server and the SDK
 * reject the same inputs with the same typed errors. Lengths count Unicode code points, not UTF-16 units.
 */
public final class Fields {
    private Fields() {}

    public static <T> T require(T value, String field) {
        if (value == null) {
            throw ParleyException.badRequest("field '" + field + "': required");
        }
        return value;
    }

    public static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Text between min and max code points, without control characters (a newline is allowed only if multiline). */
    public static String text(String value, String field, int min, int max, boolean multiline, ErrorCode code) {
        require(value, field);
        int length = codePoints(value);
        if (length < min || length > max) {
            throw new ParleyException(code, "field '" + field + "': must be " + min + "–" + max + " characters");
        }
        boolean bad = value.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                && !(multiline && (c == '\n' || c == '\t')));
        if (bad) {
            throw new ParleyException(code, "field '" + field + "': control characters are not allowed");
        }
        return value;
    }

    public static long positiveId(Long value, String field) {
        require(value, field);
        if (value <= 0 || value > Limits.MAX_SAFE_INTEGER) {
            throw ParleyException.badRequest("field '" + field + "': must be a positive id");
        }
        return value;
    }

    public static int range(Integer value, String field, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw ParleyException.badRequest("field '" + field + "': must be between " + min + " and " + max);
        }
        return value;
    }
}
