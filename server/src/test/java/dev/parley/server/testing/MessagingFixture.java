package dev.parley.server.testing;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.server.chat.ChannelService;
import dev.parley.server.chat.InviteService;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.ChatService;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.contacts.UserDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.message.HistoryService;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.MessagingFeature;
import dev.parley.server.message.MessagingErasure;
import dev.parley.server.message.TypingService;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.SyncService;
import dev.parley.server.sync.SyncSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messaging services wired exactly as the server wires them, on a real SQLite file or a throw-away PostgreSQL
 * database ({@link Backend}), for service-level
 * specifications. Users come from a small directory (the account feature's role); pushes are recorded per user in
 * publish order, as a connection would receive them.
 */
public final class MessagingFixture implements AutoCloseable {
    public final JsonCodec codec = new JsonCodec();
    public final Database database;
    public final Directory users = new Directory();
    public final RecordingBus bus = new RecordingBus();
    public final MessagingFeature feature;
    public final ContactsService contacts;
    public final ChatService chats;
    public final ChannelService channels;
    public final ModerationService moderation;
    public final InviteService invites;
    public final MessageService messages;
    public final HistoryService history;
    public final TypingService typing;
    public final SyncService sync;
    public final MessagingErasure erasure;
    public final dev.parley.server.chat.TopicService topics;
    public final dev.parley.server.message.DiscussionService discussions;
    public final dev.parley.server.message.ScheduledService scheduled;
    public final dev.parley.server.community.EventService events;
    public final dev.parley.server.community.ReportService reports;
    private final AtomicLong nextUser = new AtomicLong(1000);

    private final AutoCloseable cleanup;

    public MessagingFixture(Backend backend, Path dir, SyncSettings settings, Clock clock) {
        Backend.Opened opened = backend.open(dir);
        database = opened.database();
        cleanup = opened.cleanup();
        feature = new MessagingFeature(database, users, bus, new IdGenerator(0, Clock.systemUTC()), codec, settings,
                clock);
        contacts = feature.contacts;
        chats = feature.chats;
        channels = feature.channels;
        moderation = feature.moderation;
        invites = feature.invites;
        messages = feature.messages;
        history = feature.history;
        typing = feature.typing;
        sync = feature.sync;
        erasure = feature.erasure;
        topics = feature.topics;
        discussions = feature.discussions;
        scheduled = feature.scheduled;
        events = feature.events;
        reports = feature.reports;
    }

    public MessagingFixture(Path dir, SyncSettings settings, Clock clock) {
        this(Backend.SQLITE, dir, settings, clock);
    }

    public MessagingFixture(Backend backend, Path dir) {
        this(backend, dir, SyncSettings.defaults(), Clock.systemUTC());
    }

    public MessagingFixture(Path dir) {
        this(Backend.SQLITE, dir);
    }

    /** Registers a user in the directory and returns their id. */
    public long user(String username) {
        long id = nextUser.incrementAndGet();
        users.add(new User(id, username, username.toUpperCase()));
        return id;
    }

    /** Registers a bot account (the Bot API's kind of account) and returns its id. */
    public long bot(String username) {
        long id = user(username);
        users.markBot(id);
        return id;
    }

    public long count(String sql, Object... args) {
        return database.read(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    /** Rows per table (every table of the schema), for asserting what a write added. */
    public Map<String, Long> rowCounts() {
        return database.read(h -> {
            Map<String, Long> counts = new java.util.TreeMap<>();
            String tables = switch (database.dialect()) {
                case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                case POSTGRESQL -> "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                        + "AND table_type = 'BASE TABLE'";
            };
            for (String table : h.createQuery(tables).mapTo(String.class).list()) {
                counts.put(table, h.createQuery("SELECT COUNT(*) FROM \"" + table + "\"").mapTo(Long.class).one());
            }
            return counts;
        });
    }

    /** Rows each table gained while running {@code action} (unchanged tables left out). */
    public Map<String, Long> rowsWrittenBy(Runnable action) {
        Map<String, Long> before = rowCounts();
        action.run();
        Map<String, Long> delta = new HashMap<>();
        rowCounts().forEach((table, n) -> {
            long d = n - before.getOrDefault(table, 0L);
            if (d != 0) {
                delta.put(table, d);
            }
        });
        return delta;
    }

    @Override
    public void close() {
        try {
            feature.close();
            database.close();
        } finally {
            try {
                cleanup.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot drop the test database", e);
            }
        }
    }

    public static final class Directory implements UserDirectory {
        private final Map<Long, User> byId = new ConcurrentHashMap<>();
        private final java.util.Set<Long> bots = ConcurrentHashMap.newKeySet();

        void markBot(long userId) {
            bots.add(userId);
        }

        public void add(User user) {
            byId.put(user.userId(), user);
        }

        public void remove(long userId) {
            byId.remove(userId);
        }

        @Override
        public Optional<User> findById(long userId) {
            return Optional.ofNullable(byId.get(userId));
        }

        @Override
        public Optional<User> findByUsername(String canonicalUsername) {
            return byId.values().stream().filter(u -> u.username().equals(canonicalUsername)).findFirst();
        }

        @Override
        public Map<Long, User> findByIds(Collection<Long> userIds) {
            Map<Long, User> found = new HashMap<>();
            userIds.forEach(id -> findById(id).ifPresent(u -> found.put(id, u)));
            return found;
        }

        @Override
        public boolean isBot(long userId) {
            return bots.contains(userId);
        }
    }

    /** Pushes in publish order, per user. */
    public static final class RecordingBus implements Bus {
        private final Map<Long, List<Push>> byUser = new ConcurrentHashMap<>();

        @Override
        public void publish(List<Push> pushes) {
            pushes.forEach(p -> byUser.computeIfAbsent(p.userId(), u -> new CopyOnWriteArrayList<>()).add(p));
        }

        public List<Push> of(long userId) {
            return byUser.getOrDefault(userId, List.of());
        }

        public void clear() {
            byUser.clear();
        }
    }
}
