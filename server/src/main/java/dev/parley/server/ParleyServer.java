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
import dev.parley.server.chat.ChatApi;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.ChatStore;
import dev.parley.server.config.Config;
import dev.parley.server.contacts.ContactsApi;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.contacts.ContactsStore;
import dev.parley.server.contacts.UserDirectory;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.db.SqliteDatabase;
import dev.parley.server.gateway.ConnectionRegistry;
import dev.parley.server.gateway.GatewayServer;
import dev.parley.server.gateway.HelpApi;
import dev.parley.server.gateway.MethodTable;
import dev.parley.server.gateway.StaticFiles;
import dev.parley.server.message.ChatContents;
import dev.parley.server.message.HistoryService;
import dev.parley.server.message.MessageApi;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.MessageStore;
import dev.parley.server.message.SqliteMessageSearch;
import dev.parley.server.message.TypingService;
import dev.parley.server.message.UpdateRenderer;
import dev.parley.server.sync.LocalBus;
import dev.parley.server.sync.SyncApi;
import dev.parley.server.sync.SyncService;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.sync.UpdateLog;
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
    private final BotFeature bots;

    public ParleyServer(Config config) {
        this.config = config;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.database = new SqliteDatabase(sqliteOptions(config), metrics);
        try {
            JsonCodec codec = new JsonCodec();
            Clock clock = Clock.systemUTC();
            SecureRandom random = new SecureRandom();
            IdGenerator ids = new IdGenerator(config.nodeId(), clock);
            this.connections = new ConnectionRegistry();
            // Features that keep rows about users add their AccountErasure here, so account.delete erases them too.
            List<AccountErasure> erasures = List.of();
            AccountService accounts = new AccountService(new AccountStore(database),
                    new PasswordHasher(config.accounts(), random), new SessionTokens(random),
                    new LoginThrottle(config.accounts(), clock), ids, clock, connections, erasures);

            // Messaging: the bus is tapped so pushes to bot accounts wake the Bot API's update queue.
            SyncSettings sync = SyncSettings.defaults();
            BotWakeups bus = new BotWakeups(new LocalBus(connections, codec));
            UserDirectory users = new AccountDirectory(accounts);
            ContactsService contacts = new ContactsService(database, new ContactsStore(), users, clock);
            MessageStore messageStore = new MessageStore(codec);
            SqliteMessageSearch search = new SqliteMessageSearch();
            UpdateLog updateLog = new UpdateLog();
            ChatService chats = new ChatService(database, new ChatStore(), updateLog, contacts, users,
                    new ChatContents(messageStore, search), ids, bus, codec, sync, clock);
            MessageService messages = new MessageService(database, messageStore, search, chats, contacts, updateLog,
                    ids, codec, sync, clock);
            HistoryService history = new HistoryService(database, messageStore, search, chats);
            TypingService typing = new TypingService(database, chats, updateLog, bus, sync, clock);
            SyncService syncService = new SyncService(database, updateLog,
                    new UpdateRenderer(chats, messageStore, codec), sync, clock);

            this.bots = new BotFeature(config.bots(), database, accounts, chats, messages, history, typing,
                    syncService, bus, metrics, clock);

            MethodTable methods = MethodTable.builder()
                    .addAll(new HelpApi(config.gateway()).methods())
                    .addAll(new AccountApi(accounts).methods())
                    .addAll(new ContactsApi(contacts).methods())
                    .addAll(new ChatApi(chats).methods())
                    .addAll(new MessageApi(messages, history, typing).methods())
                    .addAll(new SyncApi(syncService).methods())
                    .addAll(bots.methods())
                    .build();
            this.gateway = new GatewayServer(config, methods, accounts, connections, metrics, codec,
                    StaticFiles.classpath("web", ParleyServer.class.getClassLoader()), List.of(bots.httpRoute()));
        } catch (RuntimeException e) {
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
            bots.close();
            gateway.close();
        } finally {
            database.close();
        }
    }
}
