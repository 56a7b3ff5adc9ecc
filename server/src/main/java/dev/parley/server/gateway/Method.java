package dev.parley.server.gateway;

import java.util.Objects;

/**
 * One protocol method: its wire name, the record its params bind to, whether it needs a session, and the handler.
 * Features declare their methods in their {@code XxxApi} class; the gateway only looks them up by name.
 */
public record Method<P, R>(String name, Class<P> paramsType, Access access, Handler<P, R> handler) {
    public enum Access {
        /** Needs an authenticated session (almost everything). */
        SESSION,
        /** Callable before authentication: register, login, hello. */
        ANONYMOUS
    }

    @FunctionalInterface
    public interface Handler<P, R> {
        R handle(Caller caller, P params);
    }

    public Method {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paramsType, "paramsType");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
    }

    public static <P, R> Method<P, R> authenticated(String name, Class<P> paramsType, Handler<P, R> handler) {
        return new Method<>(name, paramsType, Access.SESSION, handler);
    }

    public static <P, R> Method<P, R> anonymous(String name, Class<P> paramsType, Handler<P, R> handler) {
        return new Method<>(name, paramsType, Access.ANONYMOUS, handler);
    }
}
