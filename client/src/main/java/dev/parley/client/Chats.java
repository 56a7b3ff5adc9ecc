package dev.parley.client;

import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.chat.ChatMethods.ChatCreated;
import dev.parley.protocol.chat.ChatMethods.Members;
import dev.parley.protocol.sync.SyncMethods.Affected;
import java.util.List;

/**
 * The {@code chats.*} methods of docs/protocol/messaging.md; obtained from {@link ParleyClient#chats()}. Every call
 * is idempotent or harmless to repeat, so all are re-sent after a reconnect (a repeated add or removal answers with
 * its typed error, e.g. {@code USER_ALREADY_MEMBER}, and changes nothing).
 */
public final class Chats {
    private final ParleyClient client;

    Chats(ParleyClient client) {
        this.client = client;
    }

    /** {@code chats.createPrivate}: the one private chat with {@code userId}, created on first use. */
    public Chat createPrivate(long userId) {
        return client.call(ChatMethods.CREATE_PRIVATE, new ChatMethods.CreatePrivate(userId),
                ChatMethods.ChatResult.class).chat();
    }

    /** {@code chats.createGroup}: the caller becomes owner; {@code memberIds} may be empty. */
    public ChatCreated createGroup(String title, List<Long> memberIds) {
        return client.call(ChatMethods.CREATE_GROUP, new ChatMethods.CreateGroup(title, memberIds),
                ChatCreated.class);
    }

    public Affected addMember(long chatId, long userId) {
        return client.call(ChatMethods.ADD_MEMBER, new ChatMethods.ChatMember(chatId, userId), Affected.class);
    }

    public Affected removeMember(long chatId, long userId) {
        return client.call(ChatMethods.REMOVE_MEMBER, new ChatMethods.ChatMember(chatId, userId), Affected.class);
    }

    public Affected leave(long chatId) {
        return client.call(ChatMethods.LEAVE, new ChatMethods.ChatRef(chatId), Affected.class);
    }

    public Affected editTitle(long chatId, String title) {
        return client.call(ChatMethods.EDIT_TITLE, new ChatMethods.EditTitle(chatId, title), Affected.class);
    }

    /** {@code chats.setRole}: {@code role} is {@code "admin"} or {@code "member"}; owner only. */
    public Affected setRole(long chatId, long userId, String role) {
        return client.call(ChatMethods.SET_ROLE, new ChatMethods.SetRole(chatId, userId, role), Affected.class);
    }

    public Chat get(long chatId) {
        return client.call(ChatMethods.GET, new ChatMethods.ChatRef(chatId), ChatMethods.ChatResult.class).chat();
    }

    /** {@code chats.getMembers}: {@code limit} 1–200. */
    public Members getMembers(long chatId, int offset, int limit) {
        return client.call(ChatMethods.GET_MEMBERS, new ChatMethods.GetMembers(chatId, offset, limit), Members.class);
    }
}
