package dev.parley.server.chat;

import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.ChatResult;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code chats.*} methods. */
public final class ChatApi {
    private final ChatService chats;

    public ChatApi(ChatService chats) {
        this.chats = chats;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(ChatMethods.CREATE_PRIVATE, ChatMethods.CreatePrivate.class,
                        (c, p) -> new ChatResult(chats.createPrivate(c.userId(), p.userId(), p.encrypted()))),
                Method.authenticated(ChatMethods.CREATE_GROUP, ChatMethods.CreateGroup.class,
                        (c, p) -> chats.createGroup(c.userId(), p.title(), p.memberIds(), p.encrypted())),
                Method.authenticated(ChatMethods.ADD_MEMBER, ChatMethods.ChatMember.class,
                        (c, p) -> chats.addMember(c.userId(), p.chatId(), p.userId())),
                Method.authenticated(ChatMethods.REMOVE_MEMBER, ChatMethods.ChatMember.class,
                        (c, p) -> chats.removeMember(c.userId(), p.chatId(), p.userId())),
                Method.authenticated(ChatMethods.LEAVE, ChatMethods.ChatRef.class,
                        (c, p) -> chats.leave(c.userId(), p.chatId())),
                Method.authenticated(ChatMethods.EDIT_TITLE, ChatMethods.EditTitle.class,
                        (c, p) -> chats.editTitle(c.userId(), p.chatId(), p.title())),
                Method.authenticated(ChatMethods.SET_ROLE, ChatMethods.SetRole.class,
                        (c, p) -> chats.setRole(c.userId(), p.chatId(), p.userId(), Role.fromWire(p.role()))),
                Method.authenticated(ChatMethods.GET, ChatMethods.ChatRef.class,
                        (c, p) -> new ChatResult(chats.get(c.userId(), p.chatId()))),
                Method.authenticated(ChatMethods.GET_MEMBERS, ChatMethods.GetMembers.class,
                        (c, p) -> chats.getMembers(c.userId(), p.chatId(), p.offset(), p.limit())));
    }
}
