package dev.parley.server.message;

import dev.parley.server.chat.ChatContentEraser;
import org.jdbi.v3.core.Handle;

/** Deletes a chat's messages, their search entries, hidden marks and post state when the chat itself is deleted. */
public final class ChatContents implements ChatContentEraser {
    private final MessageStore store;
    private final MessageSearch search;
    private final ChatContentEraser posts;

    public ChatContents(MessageStore store, MessageSearch search, ChatContentEraser posts) {
        this.store = store;
        this.search = search;
        this.posts = posts;
    }

    @Override
    public void eraseChat(Handle handle, long chatId) {
        store.searchIdsOfChat(handle, chatId).forEach(id -> search.remove(handle, id));
        store.deleteChat(handle, chatId);
        posts.eraseChat(handle, chatId);
    }
}
