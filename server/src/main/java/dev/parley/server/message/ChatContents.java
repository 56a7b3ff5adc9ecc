package dev.parley.server.message;

import dev.parley.server.chat.ChatContentEraser;
import org.jdbi.v3.core.Handle;

/** Deletes a chat's messages, their search entries and hidden marks when the chat itself is deleted. */
public final class ChatContents implements ChatContentEraser {
    private final MessageStore store;
    private final MessageSearch search;

    public ChatContents(MessageStore store, MessageSearch search) {
        this.store = store;
        this.search = search;
    }

    @Override
    public void eraseChat(Handle handle, long chatId) {
        store.searchIdsOfChat(handle, chatId).forEach(id -> search.remove(handle, id));
        store.deleteChat(handle, chatId);
    }
}
