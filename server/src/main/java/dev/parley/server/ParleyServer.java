package dev.parley.server;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.account.AccountApi;
import dev.parley.server.account.AccountErasure;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.AccountStore;
import dev.parley.server.account.LoginThrottle;
import dev.parley.server.account.PasswordHasher;
import dev.parley.server.account.SessionTokens;
import dev.parley.server.config.Config;
import dev.parley.server.contacts.AccountDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.db.SqliteDatabase;
import dev.parley.server.e2e.E2eFeature;
import dev.parley.server.e2e.LiveSessions;
import dev.parley.server.gateway.ConnectionRegistry;
import dev.parley.server.gateway.GatewayServer;
import dev.parley.server.gateway.HelpApi;
import dev.parley.server.gateway.MethodTable;
import dev.parley.server.gateway.StaticFiles;
import dev.parley.server.message.MessagingFeature;
import dev.parley.server.sync.LocalBus;
import dev.parley.server.sync.SyncSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

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
        AtomicReference<MessagingFeature> messagingRef = new AtomicReference<>();
        AtomicReference<E2eFeature> e2eRef = new AtomicReference<>();
        try {
            JsonCodec codec = new JsonCodec();
            this.connections = new ConnectionRegistry();
            Clock clock = Clock.systemUTC();
            SecureRandom random = new SecureRandom();
            IdGenerator ids = new IdGenerator(config.nodeId(), clock);
            // Features that keep rows about users add their AccountErasure here, so account.delete erases them too.
            // Messaging looks users up through the account service, and account deletion erases messaging rows: the
            // erasure is bound once both exist (it only runs on account.delete, long after wiring).
            List<AccountErasure> erasures = List.of(
                    (handle, userId) -> messagingRef.get().erasure.eraseAccount(handle, userId),
                    (handle, userId) -> e2eRef.get().erasure().eraseAccount(handle, userId));
            AccountStore accountStore = new AccountStore(database);
            AccountService accounts = new AccountService(accountStore,
                    new PasswordHasher(config.accounts(), random), new SessionTokens(random),
                    new LoginThrottle(config.accounts(), clock), ids, clock, connections, erasures);
            // The e2e feature plugs its update kinds and chat eraser into the messaging core, then builds on it.
            E2eFeature.Parts e2eParts = new E2eFeature.Parts(codec);
            this.messaging = new MessagingFeature(database, new AccountDirectory(accounts),
                    new LocalBus(connections, codec), ids, codec, SyncSettings.of(config.sync()), clock,
                    e2eParts.extensions());
            messagingRef.set(messaging);
            LiveSessions liveSessions = userIds -> userIds.stream().distinct().collect(Collectors.toMap(u -> u,
                    u -> accountStore.sessionsOf(u).stream().map(AccountStore.SessionRow::sessionId)
                            .collect(Collectors.toSet())));
            this.e2e = new E2eFeature(e2eParts, database, messaging, liveSessions, ids, SyncSettings.of(config.sync()),
                    random, clock);
            e2eRef.set(e2e);
            MethodTable methods = MethodTable.builder()
                    .addAll(new HelpApi(config.gateway()).methods())
                    .addAll(new AccountApi(accounts).methods())
                    .addAll(messaging.methods())
                    .addAll(e2e.methods())
                    .build();
            this.gateway = new GatewayServer(config, methods, accounts, connections, metrics, codec,
                    StaticFiles.classpath("web", ParleyServer.class.getClassLoader()));
        } catch (RuntimeException e) {
            if (e2eRef.get() != null) {
                e2eRef.get().close();
            }
            if (messagingRef.get() != null) {
                messagingRef.get().close();
            }
            database.close();
            throw e;
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

    /** The messaging core's services, for tests that drive load through the server's own services. */
    public MessagingFeature messaging() {
        return messaging;
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
            e2e.close();
            messaging.close();
            database.close();
        }
    }
}
