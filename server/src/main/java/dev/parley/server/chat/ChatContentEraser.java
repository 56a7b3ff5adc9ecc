package dev.parley.server.chat;

import org.jdbi.v3.core.Handle;

/**
 * Removes what other features store under a chat (messages, their search index, hidden marks) when the chat itself is
 * deleted. Implemented by the message feature; lets the chat feature delete a chat without reading their tables.
 */
@FunctionalInterface
public interface ChatContentEraser {
    void eraseChat(Handle handle, long chatId);
}
