package dev.parley.server;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.account.AccountApi;
import dev.parley.server.account.AccountErasure;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.AccountStore;
import dev.parley.server.account.LoginThrottle;
import dev.parley.server.account.PasswordHasher;
import dev.parley.server.account.SessionTokens;
import dev.parley.server.bot.BotFeature;
import dev.parley.server.bot.BotWakeups;
import dev.parley.server.config.Config;
import dev.parley.server.contacts.AccountDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.db.PostgresDatabase;
import dev.parley.server.db.SqliteDatabase;
import dev.parley.server.e2e.E2eFeature;
import dev.parley.server.e2e.LiveSessions;
import dev.parley.server.gateway.ConnectionRegistry;
import dev.parley.server.gateway.GatewayServer;
import dev.parley.server.gateway.HelpApi;
import dev.parley.server.gateway.MethodTable;
import dev.parley.server.gateway.StaticFiles;
import dev.parley.server.message.MessagingFeature;
import dev.parley.server.sync.Bus;
import dev.parley.server.sync.ChatAudience;
import dev.parley.server.sync.LocalBus;
import dev.parley.server.sync.NatsBus;
import dev.parley.server.sync.SyncSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
    private final BotFeature bots;
    private final NatsBus natsBus;
    private final E2eFeature e2e;

    public ParleyServer(Config config) {
        this(config, Clock.systemUTC());
    }

    /** With a given clock: tests move time by hand (scheduled messages due while the server was down). */
    public ParleyServer(Config config, Clock clock) {
        this.config = config;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.database = openDatabase(config, metrics);
        AtomicReference<MessagingFeature> messagingRef = new AtomicReference<>();
        NatsBus nats = null;
        AtomicReference<E2eFeature> e2eRef = new AtomicReference<>();
        try {
            JsonCodec codec = new JsonCodec();
            this.connections = new ConnectionRegistry();
            SecureRandom random = new SecureRandom();
            IdGenerator ids = new IdGenerator(config.nodeId(), clock);
            // Features that keep rows about users add their AccountErasure here, so account.delete erases them too.
            // Messaging looks users up through the account service, and account deletion erases messaging rows: the
            // erasure is bound once both exist (it only runs on account.delete, long after wiring).
            // Bots go first: they clear keyboards of the user's private chats before messaging deletes those chats.
            AtomicReference<BotFeature> botsRef = new AtomicReference<>();
            List<AccountErasure> erasures = List.of(
                    (handle, userId) -> botsRef.get().erasure().eraseAccount(handle, userId),
                    (handle, userId) -> messagingRef.get().erasure.eraseAccount(handle, userId),
                    (handle, userId) -> e2eRef.get().erasure().eraseAccount(handle, userId));
            AccountStore accountStore = new AccountStore(database);
            AccountService accounts = new AccountService(accountStore,
                    new PasswordHasher(config.accounts(), random), new SessionTokens(random),
                    new LoginThrottle(config.accounts(), clock), ids, clock, connections, erasures);
            // The large-chat audience index looks up a registering connection's supergroups and channels; connections
            // register only once the gateway runs, after messaging exists.
            ChatAudience audience = new ChatAudience(connections,
                    userId -> messagingRef.get().channels.largeChatIdsOf(userId));
            connections.addListener(audience);
            // One node pushes in-process; several nodes push to each other's connections through NATS.
            if (config.usesNats()) {
                nats = new NatsBus(config.nats(), "parley-node-" + config.nodeId(), connections, audience, codec,
                        database, metrics);
            }
            this.natsBus = nats;
            // The bus is tapped so that pushes to bot accounts wake the Bot API's update queue.
            BotWakeups bus = new BotWakeups(nats != null ? nats : new LocalBus(connections, codec, audience));
            // The e2e feature plugs its update kinds and chat eraser into the messaging core, then builds on it.
            E2eFeature.Parts e2eParts = new E2eFeature.Parts(codec);
            this.messaging = new MessagingFeature(database, new AccountDirectory(accounts), bus, ids, codec,
                    SyncSettings.of(config.sync()), clock, e2eParts.extensions());
            messagingRef.set(messaging);
            LiveSessions liveSessions = userIds -> userIds.stream().distinct().collect(Collectors.toMap(u -> u,
                    u -> accountStore.sessionsOf(u).stream().map(AccountStore.SessionRow::sessionId)
                            .collect(Collectors.toSet())));
            this.e2e = new E2eFeature(e2eParts, database, messaging, liveSessions, ids, SyncSettings.of(config.sync()),
                    random, clock);
            e2eRef.set(e2e);
            this.bots = new BotFeature(config.bots(), database, accounts, messaging, bus, metrics, clock);
            botsRef.set(bots);
            MethodTable methods = MethodTable.builder()
                    .addAll(new HelpApi(config.gateway()).methods())
                    .addAll(new AccountApi(accounts).methods())
                    .addAll(messaging.methods())
                    .addAll(e2e.methods())
                    .addAll(bots.methods())
                    .build();
            this.gateway = new GatewayServer(config, methods, accounts, connections, metrics, codec,
                    StaticFiles.classpath("web", ParleyServer.class.getClassLoader()), List.of(bots.httpRoute()));
        } catch (RuntimeException e) {
            if (e2eRef.get() != null) {
                e2eRef.get().close();
            }
            if (messagingRef.get() != null) {
                messagingRef.get().close();
            }
            if (nats != null) {
                nats.close();
            }
            database.close();
            throw e;
        }
    }

    /** PostgreSQL when {@code db} names one (shared by all nodes), else the embedded SQLite file in the data dir. */
    static Database openDatabase(Config config, PrometheusMeterRegistry metrics) {
        if (config.usesPostgresql()) {
            return new PostgresDatabase(PostgresDatabase.Options.fromUrl(config.db(), config.database().poolSize()),
                    metrics);
        }
        return new SqliteDatabase(sqliteOptions(config), metrics);
    }

    private static SqliteDatabase.Options sqliteOptions(Config config) {
        return SqliteDatabase.Options.defaults(config.sqliteFile())
                .withSynchronous(SqliteDatabase.Synchronous.valueOf(config.database().synchronous()))
                .withGroupCommit(config.database().groupCommit())
                .withWriterNice(config.database().writerNice())
                .withCheckpointInterval(Duration.ofMillis(config.database().checkpointIntervalMillis()));
    }

    /** Starts listening; returns the bound port. */
    public int start() {
        bots.start();
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

    /** The NATS bus when this node runs in a cluster. */
    public java.util.Optional<NatsBus> nats() {
        return java.util.Optional.ofNullable(natsBus);
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
            // Long polls and webhook retries end first, so the gateway's drain does not wait for them.
            bots.close();
            gateway.close();
        } finally {
            try {
                e2e.close();
                messaging.close();
                if (natsBus != null) {
                    // After the gateway: the requests it let finish published their pushes; flush them out.
                    natsBus.close();
                }
            } finally {
                database.close();
            }
        }
    }
}
