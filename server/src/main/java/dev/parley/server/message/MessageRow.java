package dev.parley.server.message;

import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.Message.ForwardOrigin;
import java.util.List;

/**
 * A stored message. {@code searchId} is its global key in the search index; {@code deleted} leaves a tombstone.
 * In an end-to-end encrypted chat {@code text} is empty and {@code ciphertext} holds the opaque MLS message (base64).
 */
public record MessageRow(long chatId, long messageId, long searchId, long senderId, long date, String text,
        List<Entity> entities, Long replyToId, ForwardOrigin forward, Long editDate, boolean deleted,
        String ciphertext) {
    public MessageRow {
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    public MessageRow(long chatId, long messageId, long searchId, long senderId, long date, String text,
            List<Entity> entities, Long replyToId, ForwardOrigin forward, Long editDate, boolean deleted) {
        this(chatId, messageId, searchId, senderId, date, text, entities, replyToId, forward, editDate, deleted, null);
    }

    /** An encrypted message: nothing but the ciphertext. */
    public static MessageRow encrypted(long chatId, long messageId, long searchId, long senderId, long date,
            String ciphertext) {
        return new MessageRow(chatId, messageId, searchId, senderId, date, "", List.of(), null, null, null, false,
                ciphertext);
    }

    /** The message as {@code viewerId} sees it: outgoing if they sent it; a tombstone once deleted. */
    public Message view(long viewerId) {
        if (deleted) {
            return Message.tombstone(chatId, messageId);
        }
        return new Message(chatId, messageId, senderId, senderId == viewerId, date, text,
                entities.isEmpty() ? null : entities, replyToId, forward, editDate, null, ciphertext);
    }

    public MessageRow edited(String newText, List<Entity> newEntities, long when) {
        return new MessageRow(chatId, messageId, searchId, senderId, date, newText, newEntities, replyToId, forward,
                when, false, null);
    }
}
