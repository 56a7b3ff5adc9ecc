package dev.parley.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole server configuration, validated once at start. Zero config works: every field has a default.
 * Sources, lowest precedence first: built-in defaults, {@code parley.yaml}, {@code PARLEY_*} variables, flags.
 * {@code db} names the PostgreSQL database shared by all nodes (empty: the embedded SQLite file in {@code dataDir});
 * {@code nats} names the NATS servers nodes push to each other through (empty: a single node, in-process push).
 */
public record Config(
        String bind,
        int port,
        Path dataDir,
        int nodeId,
        String db,
        String nats,
        Database database,
        Gateway gateway,
        Accounts accounts,
        Sync sync,
        Bots bots) {

    public Config {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(nats, "nats");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(bots, "bots");
        if (port < 0 || port > 65_535) {
            throw new ConfigException("port must be 0–65535 (0 picks a free port), was " + port);
        }
        if (nodeId < 0 || nodeId > 31) {
            throw new ConfigException("nodeId must be 0–31, was " + nodeId);
        }
        if (!db.isEmpty() && !db.matches("(?i)(postgres(ql)?|jdbc:postgresql)://.+")) {
            throw new ConfigException("db must be empty (embedded SQLite) or postgresql://user@host:port/database, was "
                    + db);
        }
        if (!nats.isEmpty() && !nats.matches("(?i)(nats|tls)://[^,]+(,(nats|tls)://[^,]+)*")) {
            throw new ConfigException("nats must be empty (single node) or nats://host:port[,nats://host:port…], was "
                    + nats);
        }
    }

    public static Config defaults() {
        return new Config("127.0.0.1", 8080, Path.of("data"), 0, "", "", Database.defaults(), Gateway.defaults(),
                Accounts.defaults(), Sync.defaults(), Bots.defaults());
    }

    /** True when the data lives in PostgreSQL ({@code db} set) rather than the embedded SQLite file. */
    public boolean usesPostgresql() {
        return !db.isEmpty();
    }

    /** True when nodes push to each other over NATS ({@code nats} set) rather than within this process only. */
    public boolean usesNats() {
        return !nats.isEmpty();
    }

    public Path sqliteFile() {
        return dataDir.resolve("parley.db");
    }

    public Config withPort(int value) {
        return new Config(bind, value, dataDir, nodeId, db, nats, database, gateway, accounts, sync, bots);
    }

    public Config withBind(String value) {
        return new Config(value, port, dataDir, nodeId, db, nats, database, gateway, accounts, sync, bots);
    }

    public Config withDataDir(Path value) {
        return new Config(bind, port, value, nodeId, db, nats, database, gateway, accounts, sync, bots);
    }

    public Config withDb(String value) {
        return new Config(bind, port, dataDir, nodeId, value, nats, database, gateway, accounts, sync, bots);
    }

    public Config withNats(String value) {
        return new Config(bind, port, dataDir, nodeId, db, value, database, gateway, accounts, sync, bots);
    }

    public Config withNodeId(int value) {
        return new Config(bind, port, dataDir, value, db, nats, database, gateway, accounts, sync, bots);
    }

    public Config withGateway(Gateway value) {
        return new Config(bind, port, dataDir, nodeId, db, nats, database, value, accounts, sync, bots);
    }

    public Config withSync(Sync value) {
        return new Config(bind, port, dataDir, nodeId, db, nats, database, gateway, accounts, value, bots);
    }

    public Config withBots(Bots value) {
        return new Config(bind, port, dataDir, nodeId, db, nats, database, gateway, accounts, sync, value);
    }

    public Config withAccounts(Accounts value) {
        return new Config(bind, port, dataDir, nodeId, db, nats, database, gateway, value, sync, bots);
    }

    public Config withDatabase(Database value) {
        return new Config(bind, port, dataDir, nodeId, db, nats, value, gateway, accounts, sync, bots);
    }

    /**
     * Storage settings. SQLite: {@code synchronous} is FULL (every commit fsynced) or NORMAL, {@code groupCommit}
     * batches concurrent commits, {@code writerNice} is the Linux nice value of the single writer thread (negative
     * values need CAP_SYS_NICE; without it the server logs a warning and runs the writer at the default priority),
     * {@code checkpointIntervalMillis} how often a background thread copies the WAL into the database file (0: the
     * writer does it inside its commits, every 8,000 WAL pages). PostgreSQL: {@code poolSize} connections per node.
     */
    public record Database(String synchronous, boolean groupCommit, int poolSize, int writerNice,
            int checkpointIntervalMillis) {
        public static final int DEFAULT_WRITER_NICE = -10;
        public static final int DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 100;
        private static final int MAX_CHECKPOINT_INTERVAL_MILLIS = 60_000;

        public Database {
            if (!"FULL".equals(synchronous) && !"NORMAL".equals(synchronous)) {
                throw new ConfigException("database.synchronous must be FULL or NORMAL, was " + synchronous);
            }
            if (poolSize < 1) {
                throw new ConfigException("database.poolSize must be positive, was " + poolSize);
            }
            if (writerNice < -20 || writerNice > 19) {
                throw new ConfigException("database.writerNice must be -20 … 19, was " + writerNice);
            }
            if (checkpointIntervalMillis < 0 || checkpointIntervalMillis > MAX_CHECKPOINT_INTERVAL_MILLIS) {
                throw new ConfigException("database.checkpointIntervalMillis must be 0 … "
                        + MAX_CHECKPOINT_INTERVAL_MILLIS + ", was " + checkpointIntervalMillis);
            }
        }

        public Database(String synchronous, boolean groupCommit, int poolSize) {
            this(synchronous, groupCommit, poolSize, DEFAULT_WRITER_NICE, DEFAULT_CHECKPOINT_INTERVAL_MILLIS);
        }

        public Database(String synchronous, boolean groupCommit) {
            this(synchronous, groupCommit, 16);
        }

        public static Database defaults() {
            return new Database("FULL", true, 16, DEFAULT_WRITER_NICE, DEFAULT_CHECKPOINT_INTERVAL_MILLIS);
        }
    }

    /**
     * Transport limits: requests per second and burst per session (token bucket), requests in flight per connection,
     * seconds of silence before a ping, and seconds without a pong before the socket is closed.
     */
    /**
     * {@code trustedProxies}: comma-separated IP addresses of the load balancers in front of this node; only a
     * request whose TCP peer is one of them may name the client in {@code X-Forwarded-For} (for login throttling and
     * flood control by address). Empty: the header is ignored, so a client cannot forge its address.
     */
    public record Gateway(double requestsPerSecond, int burst, int maxInFlight, int idleSeconds, int pongTimeoutSeconds,
            String trustedProxies) {
        public Gateway {
            if (requestsPerSecond <= 0 || burst < 1 || maxInFlight < 1 || idleSeconds < 1 || pongTimeoutSeconds < 1) {
                throw new ConfigException("gateway limits must be positive");
            }
            trustedProxies = trustedProxies == null ? "" : trustedProxies.strip();
            TrustedProxies.parse(trustedProxies);
        }

        public Gateway(double requestsPerSecond, int burst, int maxInFlight, int idleSeconds, int pongTimeoutSeconds) {
            this(requestsPerSecond, burst, maxInFlight, idleSeconds, pongTimeoutSeconds, "");
        }

        public static Gateway defaults() {
            return new Gateway(200, 400, 64, 30, 15, "");
        }
    }

    /**
     * Account security: Argon2id cost (memory KiB, iterations, parallelism; docs/SECURITY.md) and login throttling
     * (failures allowed before delays start, and the cap of the growing delay).
     */
    public record Accounts(int argon2MemoryKib, int argon2Iterations, int argon2Parallelism, int freeLoginFailures,
            int maxLoginDelaySeconds) {
        public Accounts {
            if (argon2MemoryKib < 8 || argon2Iterations < 1 || argon2Parallelism < 1) {
                throw new ConfigException("argon2 parameters must be positive (memory ≥ 8 KiB)");
            }
            if (freeLoginFailures < 0 || maxLoginDelaySeconds < 1) {
                throw new ConfigException("login throttling settings must be positive");
            }
        }

        public static Accounts defaults() {
            return new Accounts(19_456, 2, 1, 3, 300);
        }
    }

    /**
     * Messaging sync (docs/ARCHITECTURE.md, "Sync"): the largest group fanned out on write, update-log retention (age
     * in days, entries per user), how often logs are trimmed, how long random ids are remembered, and the typing
     * throttle per user and chat.
     */
    public record Sync(int largeChatThreshold, int logMaxAgeDays, int logMaxLength, int trimIntervalSeconds,
            int randomIdMaxAgeDays, int typingThrottleMillis) {
        public Sync {
            if (largeChatThreshold < 2 || logMaxAgeDays < 1 || logMaxLength < 1 || trimIntervalSeconds < 1
                    || randomIdMaxAgeDays < 1 || typingThrottleMillis < 0) {
                throw new ConfigException("sync settings must be positive (largeChatThreshold ≥ 2)");
            }
        }

        public static Sync defaults() {
            return new Sync(200, 30, 100_000, 600, 7, 3000);
        }
    }

    /**
     * The Bot API (docs/BOT_API.md): requests per second and burst per bot (Telegram allows about 30 messages a
     * second), and whether webhooks may point at loopback or private addresses. Off by default: a bot owner could
     * otherwise make the server call services that only listen locally (server-side request forgery).
     */
    public record Bots(boolean allowLoopbackWebhooks, double requestsPerSecond, int burst) {
        public Bots {
            if (requestsPerSecond <= 0 || burst < 1) {
                throw new ConfigException("bots.requestsPerSecond and bots.burst must be positive");
            }
        }

        public static Bots defaults() {
            return new Bots(false, 30, 60);
        }

        public Bots withAllowLoopbackWebhooks(boolean value) {
            return new Bots(value, requestsPerSecond, burst);
        }
    }
}
