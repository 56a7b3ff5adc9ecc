package dev.parley.server.account;

import dev.parley.protocol.account.AuthMethods;
import dev.parley.server.gateway.Method;
import java.util.List;
import java.util.Objects;

/**
 * The {@code auth.*} and {@code account.*} protocol methods (docs/PROTOCOL.md, "Accounts"), mapped to
 * {@link AccountService}. {@code auth.hello} is absent: the gateway answers it using the service as its
 * {@link dev.parley.server.gateway.SessionAuthenticator}.
 */
public final class AccountApi {
    private final AccountService accounts;

    public AccountApi(AccountService accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.anonymous(AuthMethods.REGISTER, AuthMethods.Register.class,
                        (caller, p) -> accounts.register(p)),
                Method.anonymous(AuthMethods.LOGIN, AuthMethods.Login.class,
                        (caller, p) -> accounts.login(p, caller.clientAddress())),
                Method.authenticated(AuthMethods.LOGOUT, AuthMethods.Empty.class, (caller, p) -> {
                    accounts.logout(caller.session());
                    return AuthMethods.Ok.OK;
                }),
                Method.authenticated(AuthMethods.GET_ME, AuthMethods.Empty.class,
                        (caller, p) -> accounts.me(caller.session())),
                Method.authenticated(AuthMethods.GET_SESSIONS, AuthMethods.Empty.class,
                        (caller, p) -> accounts.sessions(caller.session())),
                Method.authenticated(AuthMethods.REVOKE_SESSION, AuthMethods.RevokeSession.class, (caller, p) -> {
                    accounts.revokeSession(caller.session(), p.sessionId());
                    return AuthMethods.Ok.OK;
                }),
                Method.authenticated(AuthMethods.CHANGE_PASSWORD, AuthMethods.ChangePassword.class, (caller, p) -> {
                    accounts.changePassword(caller.session(), p, caller.clientAddress());
                    return AuthMethods.Ok.OK;
                }),
                Method.authenticated(AuthMethods.DELETE, AuthMethods.DeleteAccount.class, (caller, p) -> {
                    accounts.deleteAccount(caller.session(), p, caller.clientAddress());
                    return AuthMethods.Ok.OK;
                }));
    }
}
