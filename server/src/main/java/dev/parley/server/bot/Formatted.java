package dev.parley.server.bot;

import java.util.List;

/** A text with its entities, offsets and lengths in UTF-16 code units as Telegram counts them. */
record Formatted(String text, List<Tg.MessageEntity> entities) {
    Formatted {
        entities = List.copyOf(entities);
    }

    static Tg.MessageEntity entity(String type, int offset, int length, String url, String language) {
        return new Tg.MessageEntity(type, offset, length, url, language, null);
    }
}
