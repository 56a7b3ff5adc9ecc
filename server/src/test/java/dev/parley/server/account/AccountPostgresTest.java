package dev.parley.server.account;

import static dev.parley.server.account.AccountFixture.PASSWORD;
import static dev.parley.server.account.AccountFixture.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.server.db.PostgresDatabase;
import dev.parley.server.testing.PostgresFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account schema and SQL are portable: the same migration and store run on a real PostgreSQL. */
class AccountPostgresTest {
    PostgresFixture postgres;
    AccountFixture accounts;

    @BeforeEach
    void open() {
        postgres = new PostgresFixture();
        accounts = new AccountFixture(new PostgresDatabase(postgres.options(4), new SimpleMeterRegistry()), null,
                AccountFixture.CHEAP, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), List.of());
    }

    @AfterEach
    void close() {
        accounts.close();
        postgres.close();
    }

    @Test
    void theAccountLifecycleWorksOnPostgresql() {
        AuthMethods.AuthResult laptop = accounts.register("alice_1");
        AuthMethods.AuthResult phone = accounts.login("ALICE_1", PASSWORD, "phone", "10.0.0.1");

        assertThat(accounts.service.sessions(session(phone)).sessions())
                .extracting(AuthMethods.SessionInfo::current).containsExactly(false, true);
        accounts.service.changePassword(session(laptop), new AuthMethods.ChangePassword(PASSWORD, "new password!"),
                "10.0.0.1");
        assertThat(accounts.service.authenticate(phone.token())).isEmpty();
        assertThat(accounts.service.findByIds(List.of(laptop.userId(), 7L))).containsOnlyKeys(laptop.userId());

        accounts.service.deleteAccount(session(laptop), new AuthMethods.DeleteAccount("new password!"), "10.0.0.1");

        assertThat(accounts.count("SELECT COUNT(*) FROM users")).isZero();
        assertThat(accounts.count("SELECT COUNT(*) FROM sessions")).isZero();
    }

    @Test
    void aLostRegistrationRaceIsUsernameTakenOnPostgresqlToo() {
        accounts.store.createAccount(new AccountStore.NewUser(1, "bob_the_first", "Bob", "h", "user", 0),
                new AccountStore.NewSession(1, 2, "aa", "d", 0));

        ParleyException error = catchThrowableOfType(ParleyException.class, () -> accounts.store.createAccount(
                new AccountStore.NewUser(3, "bob_the_first", "Bob", "h", "user", 0),
                new AccountStore.NewSession(3, 4, "bb", "d", 0)));

        assertThat(error.code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
        assertThat(accounts.count("SELECT COUNT(*) FROM sessions")).isEqualTo(1);
    }
}
