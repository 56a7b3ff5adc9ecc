package dev.parley.server.account;

import static dev.parley.server.account.AccountFixture.PASSWORD;
import static dev.parley.server.account.AccountFixture.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.server.config.Config;
import dev.parley.server.gateway.AuthSession;
import dev.parley.server.gateway.ConnectionRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountServiceTest {
    @TempDir
    Path dir;
    AccountFixture accounts;
    AccountService service;

    @BeforeEach
    void open() {
        accounts = new AccountFixture(dir);
        service = accounts.service;
    }

    @AfterEach
    void close() {
        accounts.close();
    }

    @Test
    void registeringGivesAWorkingTokenAndLoggingOutRevokesIt() {
        AuthMethods.AuthResult registered = accounts.register("Alice_1");

        assertThat(registered.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(service.authenticate(registered.token())).contains(session(registered));
        assertThat(service.me(session(registered)))
                .isEqualTo(new AuthMethods.Me(registered.userId(), "alice_1", "alice_1",
                        Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()));

        service.logout(session(registered));

        assertThat(service.authenticate(registered.token())).isEmpty();
        assertThat(accounts.count("SELECT COUNT(*) FROM sessions WHERE user_id = ?", registered.userId())).isZero();
    }

    @Test
    void loggingInIsCaseInsensitiveAndOpensASecondSession() {
        AuthMethods.AuthResult registered = accounts.register("alice_1");

        AuthMethods.AuthResult login = accounts.login("ALICE_1", PASSWORD, "phone", "10.0.0.1");

        assertThat(login.userId()).isEqualTo(registered.userId());
        assertThat(login.sessionId()).isNotEqualTo(registered.sessionId());
        assertThat(login.token()).isNotEqualTo(registered.token());
        assertThat(service.authenticate(login.token())).contains(session(login));
        assertThat(service.authenticate(registered.token())).contains(session(registered));
    }

    @Test
    void aUsernameIsTakenWhateverItsCase() {
        accounts.register("alice_1");

        assertThat(error(() -> accounts.register("ALICE_1")).code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
        assertThat(accounts.count("SELECT COUNT(*) FROM users")).isEqualTo(1);
    }

    @Test
    void concurrentRegistrationsOfOneUsernameLeaveExactlyOneAccount() throws Exception {
        List<Callable<AuthMethods.AuthResult>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String spelling = i % 2 == 0 ? "racer_name" : "RACER_NAME";
            racers.add(() -> accounts.register(spelling));
        }
        int won = 0;
        int taken = 0;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<AuthMethods.AuthResult> result : executor.invokeAll(racers)) {
                try {
                    result.get();
                    won++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ParleyException.class);
                    assertThat(((ParleyException) e.getCause()).code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
                    taken++;
                }
            }
        }

        assertThat(won).isEqualTo(1);
        assertThat(taken).isEqualTo(7);
        assertThat(accounts.count("SELECT COUNT(*) FROM users")).isEqualTo(1);
        assertThat(accounts.count("SELECT COUNT(*) FROM sessions")).isEqualTo(1);
    }

    @Test
    void theUniqueIndexTurnsALostRaceIntoUsernameTaken() {
        // Past the service's early check, as when two registrations pass it at the same moment.
        accounts.store.createAccount(new AccountStore.NewUser(1, "bob_the_first", "Bob", "h", "user", 0),
                new AccountStore.NewSession(1, 2, "aa", "d", 0));

        ParleyException error = error(() -> accounts.store.createAccount(
                new AccountStore.NewUser(3, "bob_the_first", "Bob", "h", "user", 0),
                new AccountStore.NewSession(3, 4, "bb", "d", 0)));

        assertThat(error.code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
        assertThat(accounts.count("SELECT COUNT(*) FROM users WHERE user_id = 3")).isZero();
        assertThat(accounts.count("SELECT COUNT(*) FROM sessions WHERE user_id = 3")).isZero();
    }

    @Test
    void invalidUsernamesAndPasswordsAreRejectedBeforeAnythingIsStored() {
        for (String bad : new String[] {"abcd", "a".repeat(33), "alice-1", "alice 1", "ålice_1", ""}) {
            assertThat(error(() -> accounts.register(bad)).code()).as(bad).isEqualTo(ErrorCode.USERNAME_INVALID);
        }
        assertThat(error(() -> new AuthMethods.Register("alice_1", "short", null, null)).code())
                .isEqualTo(ErrorCode.PASSWORD_INVALID);
        assertThat(accounts.count("SELECT COUNT(*) FROM users")).isZero();
    }

    @Test
    void aWrongPasswordAndAnUnknownUsernameGetTheSameAnswer() {
        accounts.register("alice_1");

        ParleyException wrongPassword = error(() -> accounts.login("alice_1", "not the password", "x", "10.0.0.1"));
        ParleyException unknownUser = error(() -> accounts.login("nobody_here", PASSWORD, "x", "10.0.0.1"));

        assertThat(wrongPassword.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(unknownUser.toBody()).isEqualTo(wrongPassword.toBody());
        assertThat(wrongPassword.getMessage()).isEqualTo("wrong username or password");
    }

    @Test
    void repeatedFailuresThrottleTheUsernameEvenForTheRightPassword() {
        accounts.register("alice_1");
        for (int i = 0; i < 4; i++) {
            String address = "10.0.0." + i;
            assertThat(error(() -> accounts.login("alice_1", "wrong password", "x", address)).code())
                    .isEqualTo(ErrorCode.AUTH_FAILED);
        }

        ParleyException blocked = error(() -> accounts.login("alice_1", PASSWORD, "x", "10.9.9.9"));

        assertThat(blocked.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
        assertThat(blocked.retryAfter()).hasValue(1);
        accounts.clock.advance(Duration.ofSeconds(1));
        assertThat(accounts.login("alice_1", PASSWORD, "x", "10.9.9.9").userId()).isPositive();
    }

    @Test
    void unknownUsernamesAreThrottledExactlyLikeExistingOnes() {
        accounts.register("alice_1");

        List<String> existing = failureSequence("alice_1", "10.0.0.1");
        List<String> unknown = failureSequence("nobody_here", "10.0.0.2");

        assertThat(unknown).isEqualTo(existing);
        assertThat(existing).containsExactly("AUTH_FAILED", "AUTH_FAILED", "AUTH_FAILED", "AUTH_FAILED",
                "FLOOD_WAIT 1", "AUTH_FAILED", "FLOOD_WAIT 2");
    }

    @Test
    void oneAddressGuessingManyUsernamesIsThrottledWhileOtherAddressesAreNot() {
        accounts.register("alice_1");
        for (int i = 0; i < 13; i++) {
            String username = "victim_" + i;
            error(() -> accounts.login(username, "guess guess", "x", "198.51.100.7"));
        }

        assertThat(error(() -> accounts.login("alice_1", PASSWORD, "x", "198.51.100.7")).code())
                .isEqualTo(ErrorCode.FLOOD_WAIT);
        assertThat(accounts.login("alice_1", PASSWORD, "x", "198.51.100.8").userId()).isPositive();
    }

    @Test
    void aSuccessfulLoginResetsTheUsernameCounter() {
        accounts.register("alice_1");
        for (int i = 0; i < 3; i++) {
            error(() -> accounts.login("alice_1", "wrong password", "x", "10.0.0.1"));
        }
        accounts.login("alice_1", PASSWORD, "x", "10.0.0.1");

        for (int i = 0; i < 4; i++) {
            assertThat(error(() -> accounts.login("alice_1", "wrong password", "x", "10.0.0.2")).code())
                    .isEqualTo(ErrorCode.AUTH_FAILED);
        }
    }

    @Test
    void twoDevicesHaveTwoSessionsAndEachSeesItselfAsCurrent() {
        AuthMethods.AuthResult laptop = accounts.register("alice_1");
        accounts.clock.advance(Duration.ofSeconds(5));
        AuthMethods.AuthResult phone = accounts.login("alice_1", PASSWORD, "phone", "10.0.0.1");

        List<AuthMethods.SessionInfo> fromLaptop = service.sessions(session(laptop)).sessions();
        List<AuthMethods.SessionInfo> fromPhone = service.sessions(session(phone)).sessions();

        long start = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
        assertThat(fromLaptop).containsExactly(
                new AuthMethods.SessionInfo(laptop.sessionId(), "laptop", start, start, true),
                new AuthMethods.SessionInfo(phone.sessionId(), "phone", start + 5, start + 5, false));
        assertThat(fromPhone).extracting(AuthMethods.SessionInfo::current).containsExactly(false, true);
    }

    @Test
    void revokingAnOwnSessionEndsItAndClosesItsConnections() throws Exception {
        AuthMethods.AuthResult laptop = accounts.register("alice_1");
        AuthMethods.AuthResult phone = accounts.login("alice_1", PASSWORD, "phone", "10.0.0.1");
        RecordingConnection phoneSocket = connect(phone);
        RecordingConnection laptopSocket = connect(laptop);

        service.revokeSession(session(laptop), phone.sessionId());

        assertThat(service.authenticate(phone.token())).isEmpty();
        assertThat(phoneSocket.closedWith.get(1, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(ConnectionRegistry.CLOSE_SESSION_REVOKED);
        assertThat(laptopSocket.closedWith).isNotDone();
        assertThat(service.sessions(session(laptop)).sessions())
                .extracting(AuthMethods.SessionInfo::sessionId).containsExactly(laptop.sessionId());
    }

    @Test
    void anotherUsersSessionLooksLikeNoSessionAtAllAndStaysIntact() {
        AuthMethods.AuthResult alice = accounts.register("alice_1");
        AuthMethods.AuthResult bob = accounts.register("bob_the_second");
        RecordingConnection bobSocket = connect(bob);

        ParleyException foreign = error(() -> service.revokeSession(session(alice), bob.sessionId()));
        ParleyException missing = error(() -> service.revokeSession(session(alice), 123_456_789L));

        assertThat(foreign.toBody()).isEqualTo(missing.toBody());
        assertThat(foreign.code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        assertThat(service.authenticate(bob.token())).contains(session(bob));
        assertThat(bobSocket.closedWith).isNotDone();
    }

    @Test
    void changingThePasswordRevokesEveryOtherSessionButKeepsTheCurrentOne() {
        AuthMethods.AuthResult laptop = accounts.register("alice_1");
        AuthMethods.AuthResult phone = accounts.login("alice_1", PASSWORD, "phone", "10.0.0.1");
        AuthMethods.AuthResult tablet = accounts.login("alice_1", PASSWORD, "tablet", "10.0.0.1");
        RecordingConnection phoneSocket = connect(phone);
        RecordingConnection laptopSocket = connect(laptop);

        service.changePassword(session(laptop), new AuthMethods.ChangePassword(PASSWORD, "a brand new secret"),
                "10.0.0.1");

        assertThat(service.authenticate(laptop.token())).isPresent();
        assertThat(service.authenticate(phone.token())).isEmpty();
        assertThat(service.authenticate(tablet.token())).isEmpty();
        assertThat(phoneSocket.closedWith).isCompletedWithValue(ConnectionRegistry.CLOSE_SESSION_REVOKED);
        assertThat(laptopSocket.closedWith).isNotDone();
        assertThat(error(() -> accounts.login("alice_1", PASSWORD, "x", "10.0.0.1")).code())
                .isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(accounts.login("alice_1", "a brand new secret", "x", "10.0.0.1").userId())
                .isEqualTo(laptop.userId());
    }

    @Test
    void aWrongOldPasswordChangesNothing() {
        AuthMethods.AuthResult laptop = accounts.register("alice_1");
        AuthMethods.AuthResult phone = accounts.login("alice_1", PASSWORD, "phone", "10.0.0.1");

        ParleyException error = error(() -> service.changePassword(session(laptop),
                new AuthMethods.ChangePassword("not my password", "a brand new secret"), "10.0.0.1"));

        assertThat(error.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(service.authenticate(phone.token())).isPresent();
        assertThat(accounts.login("alice_1", PASSWORD, "x", "10.0.0.1").userId()).isEqualTo(laptop.userId());
    }

    @Test
    void deletingTheAccountLeavesNoRowOfItInAnyTable() {
        // A stand-in for another feature's table, erased through AccountErasure in the same transaction.
        accounts.close();
        AccountErasure notes = (handle, userId) ->
                handle.createUpdate("DELETE FROM test_notes WHERE owner_id = :id").bind("id", userId).execute();
        accounts = new AccountFixture(dir, AccountFixture.CHEAP, accounts.clock, List.of(notes));
        service = accounts.service;
        accounts.database.write(h -> h.execute("CREATE TABLE test_notes (owner_id BIGINT NOT NULL, body TEXT)"));
        AuthMethods.AuthResult alice = accounts.register("alice_1");
        AuthMethods.AuthResult phone = accounts.login("alice_1", PASSWORD, "phone", "10.0.0.1");
        AuthMethods.AuthResult bob = accounts.register("bob_the_second");
        accounts.database.write(h -> h.execute("INSERT INTO test_notes VALUES (?, 'a'), (?, 'b')",
                alice.userId(), bob.userId()));
        RecordingConnection phoneSocket = connect(phone);

        service.deleteAccount(session(alice), new AuthMethods.DeleteAccount(PASSWORD), "10.0.0.1");

        Set<Long> aliceIds = Set.of(alice.userId(), alice.sessionId(), phone.sessionId());
        assertThat(new DatabaseScan(accounts.database).rowsMentioning(aliceIds, "alice_1")).isEmpty();
        assertThat(new DatabaseScan(accounts.database).rowsMentioning(Set.of(bob.userId()), "bob_the_second"))
                .contains("users", "sessions", "test_notes");
        assertThat(phoneSocket.closedWith).isCompletedWithValue(ConnectionRegistry.CLOSE_SESSION_REVOKED);
        assertThat(service.authenticate(alice.token())).isEmpty();
        assertThat(error(() -> accounts.login("alice_1", PASSWORD, "x", "10.0.0.1")).code())
                .isEqualTo(ErrorCode.AUTH_FAILED);
    }

    @Test
    void deletionIsAllOrNothingWhenAnotherFeatureFails() {
        accounts.close();
        AccountErasure failing = (handle, userId) -> {
            throw new IllegalStateException("disk on fire");
        };
        accounts = new AccountFixture(dir, AccountFixture.CHEAP, accounts.clock, List.of(failing));
        service = accounts.service;
        AuthMethods.AuthResult alice = accounts.register("alice_1");

        assertThatThrownBy(() -> service.deleteAccount(session(alice), new AuthMethods.DeleteAccount(PASSWORD),
                "10.0.0.1")).hasMessage("disk on fire");

        assertThat(service.authenticate(alice.token())).contains(session(alice));
        assertThat(service.findById(alice.userId())).isPresent();
    }

    @Test
    void aWrongPasswordDeletesNothing() {
        AuthMethods.AuthResult alice = accounts.register("alice_1");

        assertThat(error(() -> service.deleteAccount(session(alice), new AuthMethods.DeleteAccount("wrong one"),
                "10.0.0.1")).code()).isEqualTo(ErrorCode.AUTH_FAILED);

        assertThat(service.authenticate(alice.token())).isPresent();
    }

    @Test
    void reopeningTheDatabaseKeepsAccountsAndSessions() {
        AuthMethods.AuthResult alice = accounts.register("alice_1");
        accounts.close();

        accounts = new AccountFixture(dir);
        service = accounts.service;

        assertThat(service.authenticate(alice.token())).contains(session(alice));
        assertThat(accounts.login("alice_1", PASSWORD, "x", "10.0.0.1").userId()).isEqualTo(alice.userId());
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        AuthMethods.AuthResult alice = accounts.register("alice_1");
        accounts.close();

        String stored = DatabaseScan.fileText(accounts.file);

        assertThat(stored).doesNotContain(alice.token());
        assertThat(stored).doesNotContain(PASSWORD);
        assertThat(stored).contains(SessionTokens.hash(alice.token())).contains("alice_1");
    }

    @Test
    void lastActiveIsWrittenAtMostOncePerMinute() {
        AuthMethods.AuthResult alice = accounts.register("alice_1");
        long start = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

        accounts.clock.advance(Duration.ofSeconds(59));
        service.authenticate(alice.token());
        assertThat(lastActive(alice)).isEqualTo(start);

        accounts.clock.advance(Duration.ofSeconds(1));
        service.authenticate(alice.token());
        assertThat(lastActive(alice)).isEqualTo(start + 60);
    }

    @Test
    void malformedOrUnknownTokensAuthenticateNobody() {
        accounts.register("alice_1");

        assertThat(service.authenticate("")).isEmpty();
        assertThat(service.authenticate("x".repeat(500))).isEmpty();
        assertThat(service.authenticate("A".repeat(43))).isEmpty();
    }

    @Test
    void aLoginUpgradesAHashMadeWithOlderParameters() {
        AuthMethods.AuthResult alice = accounts.register("alice_1");
        accounts.close();
        Config.Accounts stronger = new Config.Accounts(2048, 2, 1, 3, 300);
        accounts = new AccountFixture(dir, stronger, accounts.clock, List.of());

        accounts.login("alice_1", PASSWORD, "x", "10.0.0.1");

        String hash = accounts.database.read(h -> h.createQuery("SELECT password_hash FROM users")
                .mapTo(String.class).one());
        assertThat(hash).startsWith("$argon2id$v=19$m=2048,t=2,p=1$");
        assertThat(accounts.login("alice_1", PASSWORD, "y", "10.0.0.1").userId()).isEqualTo(alice.userId());
    }

    @Test
    void theRealArgon2DefaultsWorkEndToEnd() {
        accounts.close();
        accounts = new AccountFixture(dir, Config.Accounts.defaults(), accounts.clock, List.of());
        AuthMethods.AuthResult alice = accounts.register("alice_1");

        assertThat(accounts.login("alice_1", PASSWORD, "x", "10.0.0.1").userId()).isEqualTo(alice.userId());
        assertThat(error(() -> accounts.login("alice_1", "wrong password", "x", "10.0.0.1")).code())
                .isEqualTo(ErrorCode.AUTH_FAILED);
    }

    @Test
    void otherFeaturesFindProfilesByIdUsernameAndInBulk() {
        AuthMethods.AuthResult alice = accounts.register("alice_1");
        AuthMethods.AuthResult bob = accounts.register("bob_the_second");
        UserProfile aliceProfile = new UserProfile(alice.userId(), "alice_1", "alice_1", "user");

        assertThat(service.findById(alice.userId())).contains(aliceProfile);
        assertThat(service.findById(42)).isEmpty();
        assertThat(service.findByUsername("alice_1")).contains(aliceProfile);
        assertThat(service.findByUsername("ALICE_1")).isEmpty();
        assertThat(service.findByIds(List.of(alice.userId(), bob.userId(), 42L)))
                .containsOnlyKeys(alice.userId(), bob.userId())
                .containsEntry(alice.userId(), aliceProfile);
        assertThat(service.findByIds(List.of())).isEmpty();
    }

    private List<String> failureSequence(String username, String address) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ParleyException e = error(() -> accounts.login(username, "wrong password", "x", address));
            outcomes.add(e.code() == ErrorCode.FLOOD_WAIT ? "FLOOD_WAIT " + e.retryAfter().orElseThrow()
                    : e.code().name());
            if (i == 4) {
                accounts.clock.advance(Duration.ofSeconds(1));
            }
        }
        return outcomes;
    }

    private long lastActive(AuthMethods.AuthResult result) {
        return accounts.count("SELECT last_active_at FROM sessions WHERE session_id = ?", result.sessionId());
    }

    private RecordingConnection connect(AuthMethods.AuthResult result) {
        RecordingConnection connection = new RecordingConnection(new AuthSession(result.userId(), result.sessionId()));
        accounts.connections.add(connection);
        return connection;
    }

    private static ParleyException error(Runnable call) {
        ParleyException error = catchThrowableOfType(ParleyException.class, call::run);
        assertThat(error).as("expected a ParleyException").isNotNull();
        return error;
    }
}
