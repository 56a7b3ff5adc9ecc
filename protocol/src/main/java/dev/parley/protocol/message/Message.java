package dev.parley.protocol.message;

import java.util.List;

/**
 * A message as one user sees it. {@code id} is the chat's event number at creation and never changes; {@code out}
 * is true when the viewing user sent it (so a message sent from device A arrives on device B as outgoing).
 * A {@code deleted} message is a tombstone: only {@code chatId}, {@code id} and {@code deleted} are present.
 * Channel posts carry no {@code senderId} for anyone but their author (a channel speaks as itself), an
 * {@code authorSignature} (the author's display name) when the channel signs messages, and {@code silent: true} when
 * the post asks clients not to notify.
 * In an end-to-end encrypted chat {@code text} is empty and {@code ciphertext} holds the MLS application message
 * (base64), which only the chat's member devices can decrypt (docs/protocol/e2e.md).
 * {@code views}, {@code reactions}, {@code poll} and {@code pinned} are the post's state kept beside it
 * (docs/protocol/posts.md), filled in by a decoration step when a response is built.
 */
public record Message(long chatId, long id, Long senderId, Boolean out, Long date, String text, List<Entity> entities,
        Long replyToId, ForwardOrigin forward, Long editDate, Boolean deleted, Boolean silent,
        String authorSignature, String ciphertext, Integer views, PostMethods.Reactions reactions,
        PostMethods.Poll poll, Boolean pinned) {

    /** A message without the post state (views, reactions, poll, pinned). */
    public Message(long chatId, long id, Long senderId, Boolean out, Long date, String text, List<Entity> entities,
            Long replyToId, ForwardOrigin forward, Long editDate, Boolean deleted, Boolean silent,
            String authorSignature, String ciphertext) {
        this(chatId, id, senderId, out, date, text, entities, replyToId, forward, editDate, deleted, silent,
                authorSignature, ciphertext, null, null, null, null);
    }

    /** A cloud message without the channel-post fields (silent, authorSignature). */
    public Message(long chatId, long id, Long senderId, Boolean out, Long date, String text, List<Entity> entities,
            Long replyToId, ForwardOrigin forward, Long editDate, Boolean deleted) {
        this(chatId, id, senderId, out, date, text, entities, replyToId, forward, editDate, deleted, null, null, null);
    }

    /** This message with its post state (each argument null when absent). */
    public Message withPostState(Integer views, PostMethods.Reactions reactions, PostMethods.Poll poll,
            Boolean pinned) {
        return new Message(chatId, id, senderId, out, date, text, entities, replyToId, forward, editDate, deleted,
                silent, authorSignature, ciphertext, views, reactions, poll, pinned);
    }

    public static Message tombstone(long chatId, long id) {
        return new Message(chatId, id, null, null, null, null, null, null, null, null, true);
    }

    /** Where a forwarded message came from: the original chat, message, author and date (kept across re-forwards). */
    public record ForwardOrigin(long fromChatId, long fromMessageId, Long senderId, long date) {}
}
