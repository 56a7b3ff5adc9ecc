package dev.parley.server.post;

import dev.parley.server.chat.ChatContentEraser;
import org.jdbi.v3.core.Handle;

/** The post feature's stores; erases a deleted chat's post state (created before the chat service, which calls it). */
public final class PostStores implements ChatContentEraser {
    final ReactionStore reactions = new ReactionStore();
    final ViewStore views = new ViewStore();
    final PinStore pins = new PinStore();
    final PollStore polls = new PollStore();

    @Override
    public void eraseChat(Handle h, long chatId) {
        reactions.deleteChat(h, chatId);
        views.deleteChat(h, chatId);
        pins.deleteChat(h, chatId);
        polls.deleteChat(h, chatId);
    }
}
