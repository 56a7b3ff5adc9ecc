package dev.parley.server.chat;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.ChatResult;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code channels.*} methods, {@code updates.getChannelStates} and {@code chats.convertToSupergroup}. */
public final class ChannelApi {
    private final ChannelService channels;

    public ChannelApi(ChannelService channels) {
        this.channels = channels;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(ChannelMethods.CREATE, ChannelMethods.Create.class,
                        (c, p) -> new ChatResult(channels.create(c.userId(), p))),
                Method.authenticated(ChannelMethods.JOIN, ChannelMethods.Join.class,
                        (c, p) -> new ChatResult(channels.join(c.userId(), p.chatId(), p.username()))),
                Method.authenticated(ChannelMethods.LEAVE, ChatMethods.ChatRef.class, (c, p) -> {
                    channels.leave(c.userId(), p.chatId());
                    return Ok.OK;
                }),
                Method.authenticated(ChannelMethods.GET_DIFFERENCE, ChannelMethods.GetDifference.class,
                        (c, p) -> channels.getDifference(c.userId(), p.chatId(), p.fromSeq(), p.limit(),
                                p.topicId())),
                Method.authenticated(ChannelMethods.GET_CHANNEL_STATES, ChannelMethods.GetChannelStates.class,
                        (c, p) -> channels.getChannelStates(c.userId())),
                Method.authenticated(ChannelMethods.ADD_BOT, ChannelMethods.AddBot.class,
                        (c, p) -> new ChatResult(channels.addBot(c.userId(), p.chatId(), p.userId()))),
                Method.authenticated(ChannelMethods.EDIT_INFO, ChannelMethods.EditInfo.class,
                        (c, p) -> new ChatResult(channels.editInfo(c.userId(), p.chatId(), p.title(), p.about()))),
                Method.authenticated(ChannelMethods.CONVERT_TO_SUPERGROUP, ChatMethods.ChatRef.class,
                        (c, p) -> new ChatResult(channels.convertToSupergroup(c.userId(), p.chatId()))));
    }
}
