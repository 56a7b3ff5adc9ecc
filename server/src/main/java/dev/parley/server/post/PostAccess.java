package dev.parley.server.post;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.message.MessageRow;
import dev.parley.server.message.MessageStore;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Who may see a chat and which of its messages, for the post methods (the same rules as history and difference). */
final class PostAccess {
    private final ChatService chats;
    private final MessageStore messages;

    PostAccess(ChatService chats, MessageStore messages) {
        this.chats = chats;
        this.messages = messages;
    }

    /** A reader of a chat: a member, or (member absent) anyone previewing a public supergroup or channel. */
    record Reader(ChatRow chat, Optional<MemberRow> member) {}

    /** Members read their chats; non-members only public large chats; otherwise CHAT_NOT_FOUND. */
    Reader reader(Handle h, long chatId, long userId) {
        ChatRow chat = chats.requireChat(h, chatId);
        Optional<MemberRow> member = Optional.empty();
        try {
            member = Optional.of(chats.requireMember(h, chatId, userId));
        } catch (ParleyException notMember) {
            if (!chat.isLarge() || chat.username() == null) {
                throw notMember;
            }
        }
        return new Reader(chat, member);
    }

    MemberRow member(Handle h, long chatId, long userId) {
        return chats.requireMember(h, chatId, userId);
    }

    ChatRow chat(Handle h, long chatId) {
        return chats.requireChat(h, chatId);
    }

    /** The message if the member sees it: it exists, is not deleted or hidden, and is from after they joined. */
    MessageRow visible(Handle h, MemberRow member, long messageId) {
        return visible(h, new Reader(chats.requireChat(h, member.chatId()), Optional.of(member)), member.userId(),
                messageId);
    }

    MessageRow visible(Handle h, Reader reader, long userId, long messageId) {
        long chatId = reader.chat().chatId();
        long visibleFrom = reader.member().map(MemberRow::visibleFrom).orElse(0L);
        return messages.find(h, chatId, messageId)
                .filter(r -> !r.deleted() && messageId > visibleFrom)
                .filter(r -> messages.hiddenOf(h, userId, chatId, java.util.Set.of(messageId)).isEmpty())
                .orElseThrow(() -> new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + messageId
                        + " not found"));
    }
}
