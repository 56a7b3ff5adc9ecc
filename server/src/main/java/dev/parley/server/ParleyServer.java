package dev.parley.server;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.account.AccountApi;
import dev.parley.server.account.AccountErasure;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.AccountStore;
import dev.parley.server.account.LoginThrottle;
import dev.parley.server.account.PasswordHasher;
import dev.parley.server.account.SessionTokens;
import dev.parley.server.account.UserProfile;
import dev.parley.protocol.contacts.ContactsMethods.User;
import dev.parley.server.contacts.UserDirectory;
import dev.parley.server.e2e.E2eFeature;
import dev.parley.server.message.MessagingFeature;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.LocalBus;
import dev.parley.server.sync.SyncSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.parley.server.config.Config;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.db.SqliteDatabase;
import dev.parley.server.gateway.ConnectionRegistry;
import dev.parley.server.gateway.GatewayServer;
import dev.parley.server.gateway.HelpApi;
import dev.parley.server.gateway.MethodTable;
import dev.parley.server.gateway.StaticFiles;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The whole server, wired by hand: config → database → feature services → method table → gateway. Reading this
 * constructor shows every part of the system and what it depends on (docs/ARCHITECTURE.md, "Wiring").
 */
public final class ParleyServer implements AutoCloseable {
    private final Config config;
    private final PrometheusMeterRegistry metrics;
    private final Database database;
    private final ConnectionRegistry connections;
    private final GatewayServer gateway;
    private final MessagingFeature messaging;
    private final E2eFeature e2e;

    public ParleyServer(Config config) {
        this.config = config;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.database = new SqliteDatabase(sqliteOptions(config), metrics);
        try {
            JsonCodec codec = new JsonCodec();
            this.connections = new ConnectionRegistry();
            Clock clock = Clock.systemUTC();
            SecureRandom random = new SecureRandom();
            IdGenerator ids = new IdGenerator(config.nodeId(), clock);
            AccountStore accountStore = new AccountStore(database);
            SyncSettings syncSettings = SyncSettings.of(config.sync());
            Bus bus = new LocalBus(connections, codec);
            E2eFeature.Parts e2eParts = new E2eFeature.Parts(codec);
            this.messaging = new MessagingFeature(database, new AccountDirectory(accountStore), bus, ids, codec,
                    syncSettings, clock, e2eParts.extensions());
            this.e2e = new E2eFeature(e2eParts, database, messaging, ids, syncSettings, random, clock);
            // Features that keep rows about users add their AccountErasure here, so account.delete erases them too.
            List<AccountErasure> erasures = List.of(
                    // The erasure's pushes would go out before the deletion commits; the remaining members' logs hold
                    // the same updates, so their clients catch up with getDifference instead.
                    (h, userId) -> messaging.erasure.eraseAccount(h, userId),
                    e2e.erasure());
            AccountService accounts = new AccountService(accountStore,
                    new PasswordHasher(config.accounts(), random), new SessionTokens(random),
                    new LoginThrottle(config.accounts(), clock), ids, clock, connections, erasures);
            MethodTable methods = MethodTable.builder()
                    .addAll(new HelpApi(config.gateway()).methods())
                    .addAll(new AccountApi(accounts).methods())
                    .addAll(messaging.methods())
                    .addAll(e2e.methods())
                    .build();
            this.gateway = new GatewayServer(config, methods, accounts, connections, metrics, codec,
                    StaticFiles.classpath("web", ParleyServer.class.getClassLoader()));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The messaging features' view of accounts: public profiles, read through the account store. */
    private record AccountDirectory(AccountStore store) implements UserDirectory {
        @Override
        public Optional<User> findById(long userId) {
            return store.userById(userId).map(AccountStore.UserRow::profile).map(AccountDirectory::user);
        }

        @Override
        public Optional<User> findByUsername(String canonicalUsername) {
            return store.profileByUsername(canonicalUsername).map(AccountDirectory::user);
        }

        @Override
        public Map<Long, User> findByIds(Collection<Long> userIds) {
            if (userIds.isEmpty()) {
                return Map.of();
            }
            Map<Long, User> users = new HashMap<>();
            store.profilesByIds(userIds).forEach((id, profile) -> users.put(id, user(profile)));
            return users;
        }

        private static User user(UserProfile profile) {
            return new User(profile.userId(), profile.username(), profile.displayName());
        }
    }

    private static SqliteDatabase.Options sqliteOptions(Config config) {
        return SqliteDatabase.Options.defaults(config.sqliteFile())
                .withSynchronous(SqliteDatabase.Synchronous.valueOf(config.database().synchronous()))
                .withGroupCommit(config.database().groupCommit());
    }

    /** Starts listening; returns the bound port. */
    public int start() {
        return gateway.start();
    }

    public int port() {
        return gateway.port();
    }

    public Config config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Graceful: the gateway finishes running requests (and so their commits) before the database closes. */
    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            try {
                e2e.close();
                messaging.close();
            } finally {
                database.close();
            }
        }
    }
}
