package dev.parley.server.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.contacts.ContactsService;
import dev.parley.protocol.channel.ChannelMethods.ChannelBatch;
import dev.parley.server.sync.ChatPush;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The checks and renderings that sending ({@link MessageService}) and changing ({@link MessageChanges}) messages share:
 * which messages a member sees, who may post where, what a repeated randomId returns, and a large chat's push.
 */
final class MessageRules {
    private final MessageStore store;
    private final ChatService chats;
    private final ModerationService moderation;
    private final ContactsService contacts;

    MessageRules(MessageStore store, ChatService chats, ModerationService moderation, ContactsService contacts) {
        this.store = store;
        this.chats = chats;
        this.moderation = moderation;
        this.contacts = contacts;
    }

    /** Whether the member sees every one of the messages (reports ask before filing). */
    public boolean allVisible(Handle h, MemberRow member, List<Long> messageIds) {
        Set<Long> found = store.findMany(h, member.chatId(), messageIds).stream()
                .filter(r -> !r.deleted() && r.messageId() > member.visibleFrom())
                .map(MessageRow::messageId).collect(Collectors.toSet());
        found.removeAll(store.hiddenOf(h, member.userId(), member.chatId(), messageIds));
        return found.containsAll(messageIds);
    }

    /** The messages, each existing, not deleted, not hidden by the member and from after they joined. */
    List<MessageRow> visible(Handle h, MemberRow member, List<Long> messageIds) {
        Map<Long, MessageRow> found = store.findMany(h, member.chatId(), messageIds).stream()
                .collect(Collectors.toMap(MessageRow::messageId, Function.identity()));
        Set<Long> hidden = store.hiddenOf(h, member.userId(), member.chatId(), messageIds);
        List<MessageRow> rows = new ArrayList<>(messageIds.size());
        for (long id : messageIds) {
            MessageRow row = found.get(id);
            if (row == null || row.deleted() || hidden.contains(id) || id <= member.visibleFrom()) {
                throw new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + id + " not found");
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The server must never hold plaintext of an encrypted chat, so the cloud methods refuse it: its messages are sent
     * with e2e.sendMessage, and edits or forwards would need the server to read them.
     */
    static ChatRow requirePlain(ChatRow chat) {
        if (chat.e2e()) {
            throw new ParleyException(ErrorCode.CHAT_ENCRYPTED,
                    "this chat is end-to-end encrypted: send with e2e.sendMessage");
        }
        return chat;
    }

    /**
     * In a private chat, a block either way stops messages; in supergroups and channels rights, permissions and slow
     * mode decide ({@link ModerationService#requireMayPost}).
     */
    void requireMayPost(Handle h, ChatRow chat, MemberRow member, long now) {
        requireMayPost(h, chat, member, now, true);
    }

    void requireMayPost(Handle h, ChatRow chat, MemberRow member, long now, boolean slowMode) {
        long userId = member.userId();
        if (chat.isLarge()) {
            moderation.requireMayPost(h, chat, member, now, slowMode);
        }
        if (chat.isPrivate()) {
            long peer = chats.peer(h, chat.chatId(), userId)
                    .orElseThrow(() -> new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found"));
            if (contacts.blockedEitherWay(h, userId, peer)) {
                throw new ParleyException(ErrorCode.USER_BLOCKED, "you cannot message this user");
            }
        }
    }

    Sent resent(Handle h, long userId, long chatId, MessageStore.SentRef ref) {
        if (ref.chatId() != chatId) {
            throw new ParleyException(ErrorCode.RANDOM_ID_DUPLICATE, "this randomId was used for another chat");
        }
        Message message = store.find(h, ref.chatId(), ref.messageId()).map(r -> r.view(userId))
                .orElse(Message.tombstone(ref.chatId(), ref.messageId()));
        return new Sent(message, ref.pts());
    }

    /**
     * A large chat's event as one frame for every reader and one for {@code authorId}; {@code render(viewer)} renders
     * it for a viewer. Readers are rendered as user 0, an id no account has (so out=false, channel senders hidden).
     */
    static ChatPush chatPush(long chatId, long seq, long authorId, LongFunction<Update> render) {
        return new ChatPush(chatId, new ChannelBatch(chatId, List.of(render.apply(0)), seq, 1), authorId,
                new ChannelBatch(chatId, List.of(render.apply(authorId)), seq, 1));
    }
}
