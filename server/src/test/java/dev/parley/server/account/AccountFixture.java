package dev.parley.server.account;

import dev.parley.protocol.account.AuthMethods;
import dev.parley.server.config.Config;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.db.SqliteDatabase;
import dev.parley.server.gateway.AuthSession;
import dev.parley.server.gateway.ConnectionRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The account feature wired as ParleyServer wires it, on a real SQLite file: one place for the set-up every account
 * test needs. Argon2 is cheap here ({@link #CHEAP}) so tests stay fast; one test uses the real defaults.
 */
final class AccountFixture implements AutoCloseable {
    static final Config.Accounts CHEAP = new Config.Accounts(1024, 1, 1, 3, 300);
    static final String PASSWORD = "correct horse battery";

    final Path file;
    final MutableClock clock;
    final Database database;
    final AccountStore store;
    final ConnectionRegistry connections = new ConnectionRegistry();
    final AccountService service;
    private boolean closed;

    AccountFixture(Path dir) {
        this(dir, CHEAP, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), List.of());
    }

    AccountFixture(Path dir, Config.Accounts config, MutableClock clock, List<AccountErasure> erasures) {
        this(new SqliteDatabase(SqliteDatabase.Options.defaults(dir.resolve("parley.db")), new SimpleMeterRegistry()),
                dir.resolve("parley.db"), config, clock, erasures);
    }

    /** On any dialect; {@code file} is the SQLite file, or null for a server database. */
    AccountFixture(Database database, Path file, Config.Accounts config, MutableClock clock,
            List<AccountErasure> erasures) {
        this.file = file;
        this.clock = clock;
        this.database = database;
        this.store = new AccountStore(database);
        SecureRandom random = new SecureRandom();
        // Ids use the real clock: the id generator must see time move to leave a millisecond's 256 ids behind.
        this.service = new AccountService(store, new PasswordHasher(config, random), new SessionTokens(random),
                new LoginThrottle(config, clock), new IdGenerator(0, Clock.systemUTC()), clock, connections,
                erasures);
    }

    AuthMethods.AuthResult register(String username) {
        return service.register(new AuthMethods.Register(username, PASSWORD, null, "laptop"));
    }

    AuthMethods.AuthResult login(String username, String password, String device, String address) {
        return service.login(new AuthMethods.Login(username, password, device), address);
    }

    static AuthSession session(AuthMethods.AuthResult result) {
        return new AuthSession(result.userId(), result.sessionId());
    }

    long count(String sql, Object... args) {
        return database.read(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    /** Closes the database once; tests that reopen it close the old fixture early. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            database.close();
        }
    }
}
