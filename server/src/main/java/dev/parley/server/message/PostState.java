package dev.parley.server.message;

import dev.parley.protocol.message.Message;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What the post feature keeps beside messages (view counts, reactions, polls, pins), added to messages when a
 * response is built instead of being columns of {@code messages}. Implemented by {@code dev.parley.server.post}.
 */
public interface PostState {
    /** The messages (any chats) with their post state as {@code viewerId} sees it; tombstones stay as they are. */
    List<Message> decorate(Handle h, long viewerId, List<Message> messages);

    /** Renders a post event ({@link ChatEvent#REACTIONS}, {@link ChatEvent#PIN}, {@link ChatEvent#POLL}). */
    Update render(Handle h, long viewerId, ChatEvent event, long pts);

    /**
     * Erases a deleted account's reactions and votes (their counts drop; no events, readers see the new counts on
     * their next fetch) and its viewer rows (view counts stay: the views happened).
     */
    void eraseUser(Handle h, long userId);

    /** Whether the event kind is one {@link #render} handles. */
    static boolean handles(String eventKind) {
        return ChatEvent.REACTIONS.equals(eventKind) || ChatEvent.PIN.equals(eventKind)
                || ChatEvent.POLL.equals(eventKind);
    }
}
