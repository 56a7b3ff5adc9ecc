package dev.parley.server.testing;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.server.chat.ChatService;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.contacts.UserDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.db.SqliteDatabase;
import dev.parley.server.message.HistoryService;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.MessagingFeature;
import dev.parley.server.message.MessagingErasure;
import dev.parley.server.message.TypingService;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.SyncService;
import dev.parley.server.sync.SyncSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messaging services wired exactly as the server wires them, on a real SQLite file, for service-level
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
    public final MessageService messages;
    public final HistoryService history;
    public final TypingService typing;
    public final SyncService sync;
    public final MessagingErasure erasure;
    private final AtomicLong nextUser = new AtomicLong(1000);

    public MessagingFixture(Path dir, SyncSettings settings, Clock clock) {
        database = new SqliteDatabase(SqliteDatabase.Options.defaults(dir.resolve("parley.db"))
                        // Logic specs do not test fsync; NORMAL keeps them fast on a shared disk.
                        .withSynchronous(SqliteDatabase.Synchronous.NORMAL),
                new SimpleMeterRegistry());
        feature = new MessagingFeature(database, users, bus, new IdGenerator(0, Clock.systemUTC()), codec, settings,
                clock);
        contacts = feature.contacts;
        chats = feature.chats;
        messages = feature.messages;
        history = feature.history;
        typing = feature.typing;
        sync = feature.sync;
        erasure = feature.erasure;
    }

    public MessagingFixture(Path dir) {
        this(dir, SyncSettings.defaults(), Clock.systemUTC());
    }

    /** Registers a user in the directory and returns their id. */
    public long user(String username) {
        long id = nextUser.incrementAndGet();
        users.add(new User(id, username, username.toUpperCase()));
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

    @Override
    public void close() {
        feature.close();
        database.close();
    }

    public static final class Directory implements UserDirectory {
        private final Map<Long, User> byId = new ConcurrentHashMap<>();

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
            Map<Long, User> found = new java.util.HashMap<>();
            userIds.forEach(id -> findById(id).ifPresent(u -> found.put(id, u)));
            return found;
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
