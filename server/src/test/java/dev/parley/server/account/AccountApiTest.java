package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.server.gateway.AuthSession;
import dev.parley.server.gateway.Caller;
import dev.parley.server.gateway.Method;
import dev.parley.server.gateway.MethodTable;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountApiTest {
    @TempDir
    Path dir;
    AccountFixture accounts;
    MethodTable table;

    @BeforeEach
    void open() {
        accounts = new AccountFixture(dir);
        table = MethodTable.builder().addAll(new AccountApi(accounts.service).methods()).build();
    }

    @AfterEach
    void close() {
        accounts.close();
    }

    @Test
    void everyAuthAndAccountMethodButHelloIsServedAndOnlyRegisterAndLoginAreAnonymous() {
        Map<String, Method.Access> access = table.names().stream()
                .collect(Collectors.toMap(name -> name, name -> table.find(name).orElseThrow().access()));

        assertThat(access).containsOnly(
                Map.entry(AuthMethods.REGISTER, Method.Access.ANONYMOUS),
                Map.entry(AuthMethods.LOGIN, Method.Access.ANONYMOUS),
                Map.entry(AuthMethods.LOGOUT, Method.Access.SESSION),
                Map.entry(AuthMethods.GET_ME, Method.Access.SESSION),
                Map.entry(AuthMethods.GET_SESSIONS, Method.Access.SESSION),
                Map.entry(AuthMethods.REVOKE_SESSION, Method.Access.SESSION),
                Map.entry(AuthMethods.CHANGE_PASSWORD, Method.Access.SESSION),
                Map.entry(AuthMethods.DELETE, Method.Access.SESSION));
    }

    @Test
    void theMethodsDriveTheWholeAccountLifecycle() {
        Caller anonymous = Caller.anonymous("192.0.2.10:51000");
        AuthMethods.AuthResult laptop = call(AuthMethods.REGISTER, anonymous,
                new AuthMethods.Register("Carol_99", AccountFixture.PASSWORD, "Carol", "laptop"));
        AuthMethods.AuthResult phone = call(AuthMethods.LOGIN, anonymous,
                new AuthMethods.Login("carol_99", AccountFixture.PASSWORD, "phone"));
        Caller onLaptop = new Caller(new AuthSession(laptop.userId(), laptop.sessionId()), "192.0.2.10:51000");

        AuthMethods.Me me = call(AuthMethods.GET_ME, onLaptop, new AuthMethods.Empty());
        AuthMethods.Sessions sessions = call(AuthMethods.GET_SESSIONS, onLaptop, new AuthMethods.Empty());
        Object revoked = call(AuthMethods.REVOKE_SESSION, onLaptop, new AuthMethods.RevokeSession(phone.sessionId()));
        Object changed = call(AuthMethods.CHANGE_PASSWORD, onLaptop,
                new AuthMethods.ChangePassword(AccountFixture.PASSWORD, "another good one"));
        Object deleted = call(AuthMethods.DELETE, onLaptop, new AuthMethods.DeleteAccount("another good one"));

        assertThat(me.username()).isEqualTo("carol_99");
        assertThat(me.displayName()).isEqualTo("Carol");
        assertThat(sessions.sessions()).hasSize(2);
        assertThat(revoked).isEqualTo(AuthMethods.Ok.OK);
        assertThat(changed).isEqualTo(AuthMethods.Ok.OK);
        assertThat(deleted).isEqualTo(AuthMethods.Ok.OK);
        assertThat(accounts.count("SELECT COUNT(*) FROM users")).isZero();
    }

    @Test
    void loginThrottlingUsesTheCallersAddress() {
        Caller attacker = Caller.anonymous("203.0.113.9:4000");
        for (int i = 0; i < 13; i++) {
            ParleyException failed = catchThrowableOfType(ParleyException.class, () -> call(AuthMethods.LOGIN,
                    attacker, new AuthMethods.Login("someone_" + System.nanoTime(), "guess guess", null)));
            assertThat(failed.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        }

        ParleyException blocked = catchThrowableOfType(ParleyException.class, () -> call(AuthMethods.LOGIN,
                Caller.anonymous("203.0.113.9:4001"), new AuthMethods.Login("someone_else", "guess guess", null)));

        assertThat(blocked.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
    }

    @Test
    void logoutEndsTheCallersSession() {
        AuthMethods.AuthResult laptop = accounts.register("dave_the_user");
        Caller onLaptop = new Caller(new AuthSession(laptop.userId(), laptop.sessionId()), "192.0.2.1");

        AuthMethods.Ok reply = call(AuthMethods.LOGOUT, onLaptop, new AuthMethods.Empty());

        assertThat(reply).isEqualTo(AuthMethods.Ok.OK);
        assertThat(accounts.service.authenticate(laptop.token())).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private <R> R call(String name, Caller caller, Object params) {
        Method<Object, Object> method = (Method<Object, Object>) table.find(name).orElseThrow();
        return (R) method.handler().handle(caller, method.paramsType().cast(params));
    }
}
