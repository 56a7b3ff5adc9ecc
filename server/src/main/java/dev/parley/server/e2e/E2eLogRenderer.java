package dev.parley.server.e2e;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.sync.Update;
import dev.parley.server.e2e.GroupStore.HandshakeRow;
import dev.parley.server.sync.LogRenderer;
import dev.parley.server.sync.LogRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Renders the e2e feature's update-log rows for getDifference, exactly one update per row. A row whose handshake or
 * group is gone (the chat was deleted) renders as {@code chatDeleted}; a welcome that expired renders without its
 * message (epoch -1); a timer row shows the chat's timer as it is now.
 */
final class E2eLogRenderer implements LogRenderer {
    private final GroupStore store;
    private final JsonCodec codec;

    E2eLogRenderer(GroupStore store, JsonCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    @Override
    public List<Update> render(Handle h, long userId, List<LogRow> rows) {
        Map<Long, Map<Long, HandshakeRow>> handshakes = new HashMap<>();
        for (LogRow row : rows) {
            if (row.kind().equals(E2eKinds.HANDSHAKE)) {
                handshakes.computeIfAbsent(row.chatId(), c -> new HashMap<>());
            }
        }
        handshakes.forEach((chatId, found) -> store.handshakes(h, chatId, seqs(rows, chatId, E2eKinds.HANDSHAKE))
                .forEach(r -> found.put(r.seq(), r)));
        return rows.stream().map(row -> render(h, row, handshakes)).toList();
    }

    private Update render(Handle h, LogRow row, Map<Long, Map<Long, HandshakeRow>> handshakes) {
        long chatId = row.chatId();
        return switch (row.kind()) {
            case E2eKinds.HANDSHAKE -> {
                HandshakeRow hs = handshakes.get(chatId).get(row.seq());
                yield hs == null ? new Update.ChatDeleted(chatId, row.pts())
                        : new Update.E2eHandshake(chatId, hs.seq(), hs.epoch(), hs.contentType(), hs.senderId(),
                                hs.message(), row.pts());
            }
            // Like every rendered update, a timer row shows the current state: the timer as it is now.
            case E2eKinds.TIMER -> store.find(h, chatId)
                    .<Update>map(g -> new Update.E2eTimer(chatId, g.timerSeconds(), g.timerSetBy(), row.pts()))
                    .orElse(new Update.ChatDeleted(chatId, row.pts()));
            case E2eKinds.WELCOME -> {
                var p = payload(row.payload(), E2eKinds.WelcomePayload.class);
                var welcome = store.welcome(h, chatId, p.welcomeId());
                if (welcome.isEmpty() && store.find(h, chatId).isEmpty()) {
                    yield new Update.ChatDeleted(chatId, row.pts());
                }
                yield new Update.E2eWelcome(chatId, p.welcomeId(), p.deviceIds(), welcome.map(w -> w.epoch())
                        .orElse(-1L), welcome.map(w -> w.message()).orElse(null), row.pts());
            }
            case E2eKinds.DEVICES_CHANGED -> {
                var p = payload(row.payload(), E2eKinds.DevicesPayload.class);
                yield new Update.E2eDevicesChanged(p.userId(), p.keyChangedAt(), row.pts());
            }
            default -> throw new IllegalStateException("not an e2e log kind: " + row.kind());
        };
    }

    private static List<Long> seqs(List<LogRow> rows, long chatId, String kind) {
        return rows.stream().filter(r -> r.chatId() == chatId && r.kind().equals(kind)).map(LogRow::seq).toList();
    }

    private <T> T payload(String json, Class<T> type) {
        return codec.bind(codec.readTree(json), type);
    }
}
