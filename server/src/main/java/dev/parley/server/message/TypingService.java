package dev.parley.server.message;

import dev.parley.protocol.UpdateBatch;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatService;
import dev.parley.server.db.Database;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.sync.UpdateLog;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typing notifications: checked for membership, throttled per (user, chat), pushed to the other members with
 * {@code ptsCount 0}, never stored. The throttle map is bounded by pruning expired entries as it grows.
 */
public final class TypingService {
    private static final int PRUNE_AT = 10_000;

    private final Database database;
    private final ChatService chats;
    private final UpdateLog log;
    private final Bus bus;
    private final SyncSettings settings;
    private final Clock clock;
    private final Map<Key, Long> lastPush = new ConcurrentHashMap<>();

    private record Key(long userId, long chatId) {}

    public TypingService(Database database, ChatService chats, UpdateLog log, Bus bus, SyncSettings settings,
            Clock clock) {
        this.database = database;
        this.chats = chats;
        this.log = log;
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
    }

    /** Returns whether a push went out (false when throttled). */
    public boolean setTyping(long userId, long chatId) {
        List<Long> others = database.read(h -> {
            chats.requireMember(h, chatId, userId);
            return chats.memberIds(h, chatId).stream().filter(u -> u != userId).toList();
        });
        long now = clock.millis();
        long window = settings.typingThrottle().toMillis();
        boolean[] allowed = {false};
        lastPush.compute(new Key(userId, chatId), (k, last) -> {
            if (last != null && now - last < window) {
                return last;
            }
            allowed[0] = true;
            return now;
        });
        if (!allowed[0]) {
            return false;
        }
        if (lastPush.size() > PRUNE_AT) {
            lastPush.values().removeIf(t -> now - t >= window);
        }
        Update typing = new Update.Typing(chatId, userId);
        Map<Long, Long> heads = database.read(h -> log.heads(h, others));
        bus.publish(others.stream()
                .map(u -> new Push(u, new UpdateBatch(List.of(typing), heads.getOrDefault(u, 0L), 0)))
                .toList());
        return true;
    }
}
