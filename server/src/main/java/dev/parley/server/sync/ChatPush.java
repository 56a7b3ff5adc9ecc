package dev.parley.server.sync;

import dev.parley.protocol.channel.ChannelMethods.ChannelBatch;
import java.util.Objects;

/**
 * A batch to push to every online member of one large chat once the transaction that stored its event committed. The
 * author sees their own post as outgoing, so they get {@code forAuthor}; everyone else gets the same {@code batch},
 * encoded once.
 */
public record ChatPush(long chatId, ChannelBatch batch, long authorId, ChannelBatch forAuthor) {
    public ChatPush {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(forAuthor, "forAuthor");
    }
}
