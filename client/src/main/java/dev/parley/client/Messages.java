package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods;
import dev.parley.protocol.message.MessageMethods.Dialog;
import dev.parley.protocol.message.MessageMethods.Edited;
import dev.parley.protocol.message.MessageMethods.Forwarded;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.sync.SyncMethods.Affected;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code messages.*} methods of docs/protocol/messaging.md; obtained from {@link ParleyClient#messages()}.
 *
 * <p><b>Exactly-once sends.</b> {@link #send} and {@link #forward} draw each message's {@code randomId} once and
 * use it for every attempt: a request whose reply was lost with the connection is sent again after the reconnect
 * ({@link Delivery#AT_LEAST_ONCE}), and one that timed out, met {@code FLOOD_WAIT} (after the wait) or the
 * server's {@code UNAVAILABLE} is repeated, up to {@value #SEND_ATTEMPTS} attempts. The server answers a repeat
 * with the original message, so a lost ack never makes a duplicate.
 */
public final class Messages {
    /** Attempts per send before its last error is thrown; each waits up to the client's request timeout. */
    public static final int SEND_ATTEMPTS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ParleyClient client;

    Messages(ParleyClient client) {
        this.client = client;
    }

    /** A fresh randomId: a positive integer below 2^53, so it is exact in JavaScript too. */
    public static long newRandomId() {
        return 1 + RANDOM.nextLong(Limits.MAX_SAFE_INTEGER);
    }

    /** {@code messages.send} of plain text with a fresh randomId, exactly once. */
    public Sent send(long chatId, String text) {
        return send(chatId, text, newRandomId(), null, null);
    }

    /**
     * {@code messages.send} with a randomId the caller keeps (to resend after a crash of the application itself);
     * {@code replyToId} and {@code entities} may be null.
     */
    public Sent send(long chatId, String text, long randomId, Long replyToId, List<Entity> entities) {
        var params = new MessageMethods.Send(chatId, text, randomId, replyToId, entities);
        return retried(() -> client.call(MessageMethods.SEND, params, Sent.class));
    }

    /** {@code messages.forward}: copies {@code ids} from one chat to another, one fresh randomId per copy. */
    public Forwarded forward(long fromChatId, List<Long> ids, long toChatId) {
        return forward(fromChatId, ids, toChatId, null);
    }

    /** As above, into forum topic {@code topicId} of {@code toChatId} (null: General). */
    public Forwarded forward(long fromChatId, List<Long> ids, long toChatId, Long topicId) {
        List<Long> randomIds = new ArrayList<>(ids.size());
        ids.forEach(id -> randomIds.add(newRandomId()));
        var params = new MessageMethods.Forward(fromChatId, ids, toChatId, randomIds, topicId);
        return retried(() -> client.call(MessageMethods.FORWARD, params, Forwarded.class));
    }

    /** {@code messages.edit} (author only); {@code entities} may be null. */
    public Edited edit(long chatId, long id, String text, List<Entity> entities) {
        return client.call(MessageMethods.EDIT, new MessageMethods.Edit(chatId, id, text, entities), Edited.class);
    }

    /** {@code messages.delete}: for everyone, or ({@code forEveryone} false) hidden on all the caller's devices. */
    public Affected delete(long chatId, List<Long> ids, boolean forEveryone) {
        return client.call(MessageMethods.DELETE, new MessageMethods.Delete(chatId, ids, forEveryone), Affected.class);
    }

    /** {@code messages.readHistory}: moves the read pointer up to {@code maxId} (never back). */
    public Affected readHistory(long chatId, long maxId) {
        return client.call(MessageMethods.READ_HISTORY, new MessageMethods.ReadHistory(chatId, maxId),
                Affected.class);
    }

    /** Newest first, ids below {@code offsetId} (null: from the newest); {@code limit} 1–100. */
    public List<Message> getHistoryOlder(long chatId, Long offsetId, int limit) {
        return history(new MessageMethods.GetHistory(chatId, offsetId, limit, "older"));
    }

    /** Oldest first, ids above {@code offsetId} (null: from the start); {@code limit} 1–100. */
    public List<Message> getHistoryNewer(long chatId, Long offsetId, int limit) {
        return history(new MessageMethods.GetHistory(chatId, offsetId, limit, "newer"));
    }

    private List<Message> history(MessageMethods.GetHistory params) {
        return client.call(MessageMethods.GET_HISTORY, params, MessageMethods.Messages.class).messages();
    }

    /** {@code messages.search} in one chat ({@code chatId} non-null) or all the caller's chats; newest first. */
    public List<Message> search(Long chatId, String query, int limit) {
        return client.call(MessageMethods.SEARCH, new MessageMethods.Search(chatId, query, limit),
                MessageMethods.Messages.class).messages();
    }

    /** {@code messages.getDialogs}: most recently active first, with top message and unread count. */
    public List<Dialog> getDialogs(int offset, int limit) {
        return client.call(MessageMethods.GET_DIALOGS, new MessageMethods.GetDialogs(offset, limit),
                MessageMethods.Dialogs.class).dialogs();
    }

    /** {@code messages.setTyping}: tells the other members' live connections; throttled by the server. */
    public void setTyping(long chatId) {
        client.call(MessageMethods.SET_TYPING, new MessageMethods.SetTyping(chatId), JsonNode.class);
    }

    /** Repeats an idempotent send (same params, same randomIds) on the failures where it may not have arrived. */
    <R> R retried(Supplier<R> attempt) {
        for (int tries = 1; ; tries++) {
            try {
                return attempt.get();
            } catch (ParleyException e) {
                if (tries >= SEND_ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                if (e.code() == ErrorCode.FLOOD_WAIT) {
                    pause(e.retryAfter().orElse(1));
                }
            }
        }
    }

    private boolean retryable(ParleyException e) {
        return switch (e.code()) {
            case TIMEOUT, FLOOD_WAIT -> true;
            // The client's own UNAVAILABLE means it was closed; the server's means "try again".
            case UNAVAILABLE -> !client.isClosed();
            default -> false;
        };
    }

    private static void pause(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ParleyException(ErrorCode.UNAVAILABLE, "interrupted while waiting to resend");
        }
    }
}
