package dev.parley.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One frame to many connections (a post to a large chat's online members). The frame is encoded to UTF-8 once into a
 * direct buffer that every write shares, and the writes are handed to each connection's event loop in one task per
 * loop rather than one per connection: at 19,000 online members that is two wake-ups instead of 19,000 task objects
 * and 19,000 copies of the same bytes (docs/PERFORMANCE.md, "Channel fan-out").
 */
public final class Broadcast {
    private Broadcast() {}

    /** Queues {@code frame} on every connection; returns at once, the event loops do the writing. */
    public static void send(Iterable<? extends ClientConnection> targets, String frame) {
        Map<EventLoop, List<WebSocketConnection>> byLoop = new HashMap<>();
        List<ClientConnection> others = new ArrayList<>();
        for (ClientConnection target : targets) {
            if (target instanceof WebSocketConnection socket && socket.eventLoop() != null) {
                byLoop.computeIfAbsent(socket.eventLoop(), _ -> new ArrayList<>()).add(socket);
            } else {
                others.add(target);
            }
        }
        others.forEach(target -> target.send(frame));
        if (byLoop.isEmpty()) {
            return;
        }
        ByteBuf utf8 = ByteBufAllocator.DEFAULT.directBuffer(frame.length() + 16);
        utf8.writeCharSequence(frame, StandardCharsets.UTF_8);
        try {
            byLoop.forEach((loop, sockets) -> {
                ByteBuf shared = utf8.retain();
                loop.execute(() -> {
                    try {
                        sockets.forEach(socket -> socket.writeShared(shared));
                    } finally {
                        shared.release();
                    }
                });
            });
        } finally {
            utf8.release();
        }
    }
}
