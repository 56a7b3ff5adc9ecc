package dev.parley.server.message;

import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.Message.ForwardOrigin;
import java.util.List;

/**
 * A stored message. {@code searchId} is its global key in the search index; {@code deleted} leaves a tombstone.
 * {@code post} holds the channel-post flags (all off for ordinary messages). In an end-to-end encrypted chat
 * {@code text} is empty and {@code ciphertext} holds the opaque MLS message (base64).
 */
public record MessageRow(long chatId, long messageId, long searchId, long senderId, long date, String text,
        List<Entity> entities, Long replyToId, ForwardOrigin forward, Long editDate, boolean deleted, Post post,
        String ciphertext) {
    public MessageRow {
        entities = entities == null ? List.of() : List.copyOf(entities);
        post = post == null ? Post.NONE : post;
    }

    /** A cloud message (no ciphertext). */
    public MessageRow(long chatId, long messageId, long searchId, long senderId, long date, String text,
            List<Entity> entities, Long replyToId, ForwardOrigin forward, Long editDate, boolean deleted, Post post) {
        this(chatId, messageId, searchId, senderId, date, text, entities, replyToId, forward, editDate, deleted, post,
                null);
    }

    /** A cloud message that is not a channel post. */
    public MessageRow(long chatId, long messageId, long searchId, long senderId, long date, String text,
            List<Entity> entities, Long replyToId, ForwardOrigin forward, Long editDate, boolean deleted) {
        this(chatId, messageId, searchId, senderId, date, text, entities, replyToId, forward, editDate, deleted,
                Post.NONE);
    }

    /**
     * Silent: receivers are not notified. Anonymous: a channel post, whose sender only its author sees.
     * authorSignature: the author's display name when the channel signs its posts. topicId: the forum topic of a
     * supergroup message (null outside forums).
     */
    public record Post(boolean silent, boolean anonymous, String authorSignature, Long topicId) {
        public static final Post NONE = new Post(false, false, null, null);

        public Post(boolean silent, boolean anonymous, String authorSignature) {
            this(silent, anonymous, authorSignature, null);
        }
    }

    /** An encrypted message: nothing but the ciphertext. */
    public static MessageRow encrypted(long chatId, long messageId, long searchId, long senderId, long date,
            String ciphertext) {
        return new MessageRow(chatId, messageId, searchId, senderId, date, "", List.of(), null, null, null, false,
                Post.NONE, ciphertext);
    }

    /** The message as {@code viewerId} sees it: outgoing if they sent it; a tombstone once deleted. */
    public Message view(long viewerId) {
        if (deleted) {
            return Message.tombstone(chatId, messageId);
        }
        boolean mine = senderId == viewerId;
        return new Message(chatId, messageId, post.anonymous() && !mine ? null : senderId, mine, date, text,
                entities.isEmpty() ? null : entities, replyToId, forward, editDate, null,
                post.silent() ? Boolean.TRUE : null, post.authorSignature(), ciphertext, post.topicId());
    }

    public MessageRow edited(String newText, List<Entity> newEntities, long when) {
        return new MessageRow(chatId, messageId, searchId, senderId, date, newText, newEntities, replyToId, forward,
                when, false, post);
    }
}
