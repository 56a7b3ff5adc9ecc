package dev.parley.server.testing;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.Config;
import dev.parley.server.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link ParleyServer} on 127.0.0.1 and an ephemeral port, with its own SQLite data directory, deleted
 * afterwards. Use it as a JUnit 5 extension (a {@code static} field starts one server per class, an instance field
 * one per test):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.create(config -> config.withGateway(...));
 * }</pre>
 *
 * or directly with try-with-resources: {@code try (TestServer server = TestServer.start()) {…}}. Tests get cheap
 * Argon2 parameters ({@link #CHEAP_ARGON2}) and {@code synchronous=NORMAL} unless their customizer says otherwise.
 * {@link #create(Backend, UnaryOperator)} with {@link Backend#POSTGRESQL} gives the server a throw-away PostgreSQL
 * database instead of the SQLite file, dropped when the server closes.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {
    /** Argon2id at 1 MiB and one pass: correct hashing, milliseconds instead of a second per register/login. */
    public static final Config.Accounts CHEAP_ARGON2 = new Config.Accounts(1024, 1, 1, 3, 300);

    private final Backend backend;
    private final UnaryOperator<Config> customizer;
    private PostgresFixture postgres;
    private Clock clock = Clock.systemUTC();
    private Path dataDir;
    private Config config;
    private ParleyServer server;
    private boolean perClass;

    private TestServer(Backend backend, UnaryOperator<Config> customizer) {
        this.backend = backend;
        this.customizer = customizer;
    }

    /** An extension with the test defaults. */
    public static TestServer create() {
        return create(UnaryOperator.identity());
    }

    /** An extension whose config the test adjusts (applied on top of the test defaults). */
    public static TestServer create(UnaryOperator<Config> customizer) {
        return create(Backend.SQLITE, customizer);
    }

    /** An extension whose server stores its data in the given dialect. */
    public static TestServer create(Backend backend, UnaryOperator<Config> customizer) {
        return new TestServer(backend, customizer);
    }

    /** Starts a server now, for try-with-resources. */
    public static TestServer start() {
        return start(UnaryOperator.identity());
    }

    public static TestServer start(UnaryOperator<Config> customizer) {
        TestServer server = new TestServer(Backend.SQLITE, customizer);
        server.boot();
        return server;
    }

    /** The test defaults: loopback, ephemeral port, a fresh data dir, cheap Argon2, synchronous NORMAL. */
    public static Config testConfig(Path dataDir) {
        return Config.defaults()
                .withBind("127.0.0.1")
                .withPort(0)
                .withDataDir(dataDir)
                .withAccounts(CHEAP_ARGON2)
                .withDatabase(new Config.Database("NORMAL", true));
    }

    private void boot() {
        try {
            dataDir = Files.createTempDirectory("parley-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Config defaults = testConfig(dataDir);
        if (backend == Backend.POSTGRESQL) {
            postgres = new PostgresFixture();
            defaults = defaults.withDb(postgres.url());
        }
        config = customizer.apply(defaults);
        server = new ParleyServer(config, clock);
        server.start();
    }

    /** A server on {@code clock} (a test clock moves time by hand), started now, for try-with-resources. */
    public static TestServer start(Clock clock) {
        return start(Backend.SQLITE, clock);
    }

    /** As above, storing its data in the given dialect. */
    public static TestServer start(Backend backend, Clock clock) {
        TestServer server = new TestServer(backend, UnaryOperator.identity());
        server.clock = clock;
        server.boot();
        return server;
    }

    /** Stops the server gracefully (its data stays); {@link #startAgain} starts a new one on the same data. */
    public void stop() {
        requireStarted().close();
        server = null;
    }

    /** Starts a new server on the data directory and port of the one {@link #stop} stopped. */
    public void startAgain(int port) {
        server = new ParleyServer(config.withPort(port), clock);
        server.start();
    }

    /** Stops the server gracefully and starts a new one on the same data directory and port. */
    public void restart() {
        int port = server.port();
        server.close();
        server = new ParleyServer(config.withPort(port), clock);
        server.start();
    }

    public ParleyServer server() {
        return requireStarted();
    }

    public Config config() {
        return config;
    }

    public int port() {
        return requireStarted().port();
    }

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/api/ws");
    }

    /** The server's database, for tests that inspect rows directly. */
    public Database database() {
        return requireStarted().database();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A raw HTTP/WebSocket client for this server; close it after use. */
    public RawClient client() {
        return new RawClient(httpUri());
    }

    private ParleyServer requireStarted() {
        if (server == null) {
            throw new IllegalStateException("the test server is not started");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        boot();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            boot();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (dataDir != null) {
            deleteRecursively(dataDir);
            dataDir = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
