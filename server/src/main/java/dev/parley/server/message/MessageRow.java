package dev.parley.server.message;

import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.Message.ForwardOrigin;
import java.util.List;

/** A stored message. {@code searchId} is its global key in the search index; {@code deleted} leaves a tombstone. */
public record MessageRow(long chatId, long messageId, long searchId, long senderId, long date, String text,
        List<Entity> entities, Long replyToId, ForwardOrigin forward, Long editDate, boolean deleted) {
    public MessageRow {
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /** The message as {@code viewerId} sees it: outgoing if they sent it; a tombstone once deleted. */
    public Message view(long viewerId) {
        if (deleted) {
            return Message.tombstone(chatId, messageId);
        }
        return new Message(chatId, messageId, senderId, senderId == viewerId, date, text,
                entities.isEmpty() ? null : entities, replyToId, forward, editDate, null);
    }

    public MessageRow edited(String newText, List<Entity> newEntities, long when) {
        return new MessageRow(chatId, messageId, searchId, senderId, date, newText, newEntities, replyToId, forward,
                when, false);
    }
}
