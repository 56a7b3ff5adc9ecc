package dev.parley.protocol.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.ParleyException;
import java.util.Set;

/**
 * One formatting span of a message text. {@code offset} and {@code length} count UTF-16 code units, as in the
 * Telegram API and JavaScript strings, so web clients can apply them without conversion. {@code url} is present only
 * for {@code link}. Checks that need the text live in {@link Entities#validate}.
 */
public record Entity(String type, Integer offset, Integer length, String url) {
    public static final Set<String> TYPES = Set.of("bold", "italic", "code", "pre", "link", "mention", "underline",
            "strikethrough", "spoiler", "blockquote");
    public static final int URL_MAX = 2048;

    public Entity {
        Fields.require(type, "entities[].type");
        if (!TYPES.contains(type)) {
            throw new ParleyException(ErrorCode.ENTITIES_INVALID, "entity type must be one of " + TYPES.stream()
                    .sorted().toList());
        }
        Fields.require(offset, "entities[].offset");
        Fields.require(length, "entities[].length");
        if (offset < 0 || length < 1) {
            throw new ParleyException(ErrorCode.ENTITIES_INVALID, "entity offset must be ≥ 0 and length ≥ 1");
        }
        if ("link".equals(type) != (url != null)) {
            throw new ParleyException(ErrorCode.ENTITIES_INVALID, "a url is required for links and only for them");
        }
        if (url != null) {
            Entities.requireWebUrl(url);
        }
    }

    public int end() {
        return offset + length;
    }
}
