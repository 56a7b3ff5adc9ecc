package dev.parley.client;

import dev.parley.client.e2e.SecureChats;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
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

    /**
     * {@code chats.createPrivate}: the one private chat with {@code userId}, created on first use; end-to-end
     * encrypted when this client has {@link ParleyClient#enableE2e end-to-end encryption} on. A pair has one private
     * chat, so an existing one is returned as it is (see {@link Chat#e2e()}).
     */
    public Chat createPrivate(long userId) {
        return createPrivate(userId, client.e2e().isPresent());
    }

    /** {@code chats.createPrivate} asking for an end-to-end encrypted ({@code e2e}) or a cloud chat. */
    public Chat createPrivate(long userId, boolean e2e) {
        if (e2e) {
            return requireE2e().createPrivate(userId);
        }
        return client.call(ChatMethods.CREATE_PRIVATE, new ChatMethods.CreatePrivate(userId),
                ChatMethods.ChatResult.class).chat();
    }

    /**
     * {@code chats.createGroup}: the caller becomes owner; {@code memberIds} may be empty. End-to-end encrypted
     * when this client has end-to-end encryption on.
     */
    public ChatCreated createGroup(String title, List<Long> memberIds) {
        return createGroup(title, memberIds, client.e2e().isPresent());
    }

    /** {@code chats.createGroup} of an end-to-end encrypted ({@code e2e}, see {@link SecureChats}) or cloud group. */
    public ChatCreated createGroup(String title, List<Long> memberIds, boolean e2e) {
        if (e2e) {
            return requireE2e().createGroup(title, memberIds);
        }
        return client.call(ChatMethods.CREATE_GROUP, new ChatMethods.CreateGroup(title, memberIds),
                ChatCreated.class);
    }

    /**
     * {@code chats.addMember}; in an end-to-end encrypted group the member is added with the commit that adds their
     * devices ({@link SecureChats#addMember}; the membership updates then arrive through sync).
     */
    public Affected addMember(long chatId, long userId) {
        if (encrypted(chatId)) {
            return new Affected(requireE2e().addMember(chatId, userId).pts(), 0);
        }
        return client.call(ChatMethods.ADD_MEMBER, new ChatMethods.ChatMember(chatId, userId), Affected.class);
    }

    /** {@code chats.removeMember}; in an end-to-end encrypted group with the commit removing their devices. */
    public Affected removeMember(long chatId, long userId) {
        if (encrypted(chatId)) {
            return new Affected(requireE2e().removeMember(chatId, userId).pts(), 0);
        }
        return client.call(ChatMethods.REMOVE_MEMBER, new ChatMethods.ChatMember(chatId, userId), Affected.class);
    }

    private boolean encrypted(long chatId) {
        return client.e2e().map(e2e -> e2e.isEncrypted(chatId)).orElse(false);
    }

    private SecureChats requireE2e() {
        return client.e2e().orElseThrow(() -> new ParleyException(ErrorCode.BAD_REQUEST,
                "end-to-end encryption is not enabled on this client (ParleyClient.enableE2e)"));
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
