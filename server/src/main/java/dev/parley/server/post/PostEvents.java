package dev.parley.server.post;

import dev.parley.protocol.channel.ChannelMethods.ChannelBatch;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.sync.ChatPush;
import dev.parley.server.sync.Push;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Records post events the way every chat event is recorded: in small chats one log row per member (fan-out on
 * write), in supergroups and channels one event row and a per-chat push (fan-out on read). The payloads are small
 * references; updates render the current state when read.
 */
final class PostEvents {
    /**
     * Payload of poll events: which poll changed; for a vote in a public poll also its author and who voted what
     * (rendered only for the author, and only if a bot: the Bot API's poll_answer). Anonymous polls never record
     * the voter.
     */
    record PollChange(long id, Long authorId, Long voterId, List<Integer> options) {
        static PollChange of(long id) {
            return new PollChange(id, null, null, null);
        }
    }

    /**
     * Payload of reactions events: which message; outside channels (where reactions are anonymous) also whose
     * reaction changed from what to what (rendered only for bots that administer the chat: message_reaction).
     */
    record ReactionEdit(long id, Long userId, String oldReaction, String newReaction) {}

    /** Payload of pin events. */
    record PinChange(List<Long> ids, boolean pinned, boolean silent) {}

    /** What to publish once the transaction committed. */
    record Pending(List<Push> pushes, ChatPush chatPush) {
        static final Pending NONE = new Pending(List.of(), null);

        void publish(ChatService chats) {
            chats.publish(new dev.parley.server.sync.Committed<>(null, pushes));
            if (chatPush != null) {
                chats.publishToChat(chatPush);
            }
        }
    }

    private final ChatService chats;

    PostEvents(ChatService chats) {
        this.chats = chats;
    }

    /**
     * Records the event; {@code render(viewer, pts)} renders it for a member. In large chats every reader gets the
     * rendering for viewer 0 (no viewer-specific parts) and the actor their own.
     */
    Pending record(Handle h, ChatRow chat, long actorId, String kind, Object payload, long now,
            ChatService.Renderer render) {
        if (!chat.isLarge()) {
            return new Pending(chats.event(h, chat.chatId(), kind, payload, now, render), null);
        }
        long seq = chats.largeEvent(h, chat.chatId(), kind, payload, now);
        return new Pending(List.of(), new ChatPush(chat.chatId(), batch(chat.chatId(), render.render(0, seq), seq),
                actorId, batch(chat.chatId(), render.render(actorId, seq), seq)));
    }

    private static ChannelBatch batch(long chatId, Update update, long seq) {
        return new ChannelBatch(chatId, List.of(update), seq, 1);
    }
}
