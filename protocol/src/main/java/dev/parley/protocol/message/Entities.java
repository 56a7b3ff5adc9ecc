package dev.parley.protocol.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of message texts and their entities, shared by the server and the SDK. */
public final class Entities {
    private Entities() {}

    public static final int TEXT_MAX = 4096;
    public static final int MAX_ENTITIES = 100;
    private static final Pattern MENTION = Pattern.compile("@[A-Za-z0-9_]{5,32}");

    /** Text of 1–{@value #TEXT_MAX} code points that is not only whitespace; newlines and tabs are allowed. */
    public static String text(String value, String field) {
        if (value == null) {
            throw ParleyException.badRequest("field '" + field + "': required");
        }
        if (value.isBlank()) {
            throw new ParleyException(ErrorCode.MESSAGE_EMPTY, "field '" + field + "': a message needs some text");
        }
        if (value.codePointCount(0, value.length()) > TEXT_MAX) {
            throw new ParleyException(ErrorCode.MESSAGE_TOO_LONG,
                    "field '" + field + "': at most " + TEXT_MAX + " characters");
        }
        boolean control = value.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                && c != '\n' && c != '\t');
        if (control) {
            throw ParleyException.badRequest("field '" + field + "': control characters are not allowed");
        }
        return value;
    }

    /**
     * Checks entities against their text: spans inside the text, never splitting a surrogate pair, no two entities of
     * the same type overlapping, nothing overlapping {@code code} or {@code pre} (their content is literal), and each
     * {@code mention} covering an {@code @username}. Returns them sorted by offset, so equal input is stored equally.
     */
    public static List<Entity> validate(String text, List<Entity> entities) {
        if (entities == null || entities.isEmpty()) {
            return List.of();
        }
        if (entities.size() > MAX_ENTITIES) {
            throw invalid("at most " + MAX_ENTITIES + " entities");
        }
        List<Entity> sorted = new ArrayList<>(entities);
        for (Entity entity : sorted) {
            if (entity == null) {
                throw invalid("an entity must be an object");
            }
            if (entity.end() > text.length() || entity.end() < 0) {
                throw invalid("entity " + entity.type() + " at " + entity.offset() + " runs past the text");
            }
            if (splitsPair(text, entity.offset()) || splitsPair(text, entity.end())) {
                throw invalid("entity " + entity.type() + " at " + entity.offset() + " splits a character");
            }
            if ("mention".equals(entity.type())
                    && !MENTION.matcher(text.substring(entity.offset(), entity.end())).matches()) {
                throw invalid("a mention must cover an @username");
            }
        }
        sorted.sort(Comparator.comparingInt(Entity::offset).thenComparingInt(Entity::length)
                .thenComparing(Entity::type));
        for (int i = 0; i < sorted.size(); i++) {
            Entity a = sorted.get(i);
            for (int j = i + 1; j < sorted.size() && sorted.get(j).offset() < a.end(); j++) {
                Entity b = sorted.get(j);
                boolean literal = isLiteral(a) || isLiteral(b);
                if (a.type().equals(b.type()) || literal) {
                    throw invalid("entities " + a.type() + " at " + a.offset() + " and " + b.type() + " at "
                            + b.offset() + " overlap");
                }
            }
        }
        return List.copyOf(sorted);
    }

    static void requireWebUrl(String url) {
        if (url.length() > Entity.URL_MAX) {
            throw invalid("a link url has at most " + Entity.URL_MAX + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
                throw invalid("a link url must be an absolute http(s) url");
            }
        } catch (URISyntaxException e) {
            throw invalid("a link url must be an absolute http(s) url");
        }
    }

    private static boolean isLiteral(Entity entity) {
        return entity.type().equals("code") || entity.type().equals("pre");
    }

    private static boolean splitsPair(String text, int index) {
        return index > 0 && index < text.length() && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index));
    }

    private static ParleyException invalid(String message) {
        return new ParleyException(ErrorCode.ENTITIES_INVALID, message);
    }
}
