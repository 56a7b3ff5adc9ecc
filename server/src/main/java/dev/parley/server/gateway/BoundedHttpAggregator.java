package dev.parley.server.gateway;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.Limits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Aggregates HTTP bodies up to {@link Limits#MAX_FRAME_BYTES}; a larger body is answered with
 * {@code 413 FRAME_TOO_LARGE} in the usual error envelope (Netty's default is an empty 413), then the connection
 * closes because the rest of the body is still on the wire.
 */
final class BoundedHttpAggregator extends HttpObjectAggregator {
    private final JsonCodec codec;

    BoundedHttpAggregator(JsonCodec codec) {
        super(Limits.MAX_FRAME_BYTES);
        this.codec = codec;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpReplies.write(ctx, HttpReplies.error(codec, HttpHandler.frameTooLarge()), false);
    }
}
