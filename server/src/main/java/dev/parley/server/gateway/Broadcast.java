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
 * direct buffer that every write shares, and the writes are handed to each connection's event loop in chunks of
 * {@value #CHUNK} connections per task rather than one task per connection: at 19,000 online members that is a few
 * dozen tasks instead of 19,000 task objects and 19,000 copies of the same bytes (docs/PERFORMANCE.md, "Channel
 * fan-out").
 */
public final class Broadcast {
    /** Connections one event-loop task writes to before yielding to the loop's other work. */
    static final int CHUNK = 512;

    private Broadcast() {}

    /** Queues {@code frame} on every connection; returns at once, the event loops do the writing. */
    public static void send(Iterable<? extends ClientConnection> targets, String frame) {
        send(targets, frame, CHUNK);
    }

    /** As above, {@code chunk} connections per event-loop task. */
    static void send(Iterable<? extends ClientConnection> targets, String frame, int chunk) {
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
            byLoop.forEach((loop, sockets) -> loop.execute(new Chunk(loop, sockets, 0, chunk, utf8.retain())));
        } finally {
            utf8.release();
        }
    }

    /**
     * Writes to up to {@code size} connections, then queues the rest behind whatever the loop was given meanwhile:
     * the poster's own reply and other clients' requests wait for one chunk, not for the whole audience.
     */
    private record Chunk(EventLoop loop, List<WebSocketConnection> sockets, int from, int size, ByteBuf shared)
            implements Runnable {
        @Override
        public void run() {
            int to = Math.min(sockets.size(), from + size);
            try {
                for (int i = from; i < to; i++) {
                    sockets.get(i).writeShared(shared);
                }
            } catch (RuntimeException e) {
                shared.release();
                throw e;
            }
            if (to < sockets.size()) {
                loop.execute(new Chunk(loop, sockets, to, size, shared));
            } else {
                shared.release();
            }
        }
    }
}
