package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.config.Config;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GatewayServer} on its own, with test-only methods, so transport behaviour (limits, idle handling, shutdown)
 * is specified without any feature: {@code test.echo} binds {@link Echo}, {@code test.whoami} needs a session,
 * {@code test.login} is anonymous and returns an {@link AuthMethods.AuthResult}, {@code test.slow} blocks until
 * {@link #releaseSlow()}, {@code test.fail} throws an unexpected exception. Tokens: {@link #TOKEN} is user 7,
 * session 70.
 */
final class GatewayFixture implements AutoCloseable {
    static final String TOKEN = "valid-token-of-user-7";
    static final AuthSession SESSION = new AuthSession(7, 70);

    record Echo(String text, Integer count) {
        Echo {
            if (text == null) {
                throw ParleyException.badRequest("field 'text': required");
            }
        }
    }

    record Nothing() {}

    record WhoAmI(long userId, long sessionId) {}

    record Done(boolean done) {}

    final Semaphore slowStarted = new Semaphore(0);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    final ConnectionRegistry connections = new ConnectionRegistry();
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final GatewayServer gateway;
    final int port;

    GatewayFixture(Config.Gateway limits) {
        this(limits, StaticFiles.none());
    }

    GatewayFixture(Config.Gateway limits, StaticFiles staticFiles) {
        Config config = TestServer.testConfig(Path.of("unused")).withGateway(limits);
        MethodTable methods = MethodTable.builder()
                .addAll(new HelpApi(limits).methods())
                .add(Method.anonymous("test.echo", Echo.class, (caller, echo) -> echo))
                .add(Method.authenticated("test.whoami", Nothing.class,
                        (caller, none) -> new WhoAmI(caller.userId(), caller.sessionId())))
                .add(Method.anonymous("test.login", Nothing.class,
                        (caller, none) -> new AuthMethods.AuthResult(8, "fresh-token", 80)))
                .add(Method.anonymous("test.slow", Nothing.class, (caller, none) -> slow()))
                .add(Method.anonymous("test.fail", Nothing.class, (caller, none) -> {
                    throw new IllegalStateException("secret internal detail");
                }))
                .add(Method.anonymous("test.refuse", Nothing.class, (caller, none) -> {
                    throw new ParleyException(ErrorCode.FORBIDDEN, "no");
                }))
                .build();
        Map<String, AuthSession> tokens = Map.of(TOKEN, SESSION);
        SessionAuthenticator authenticator = token -> Optional.ofNullable(tokens.get(token));
        gateway = new GatewayServer(config, methods, authenticator, connections, metrics, new JsonCodec(), staticFiles);
        port = gateway.start();
    }

    static Config.Gateway limits() {
        return Config.Gateway.defaults();
    }

    private Done slow() {
        slowStarted.release();
        try {
            if (!slowRelease.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the slow method");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Done(true);
    }

    void awaitSlowStarted(int count) throws InterruptedException {
        if (!slowStarted.tryAcquire(count, 5, TimeUnit.SECONDS)) {
            throw new AssertionError("slow method did not start " + count + " time(s)");
        }
    }

    void releaseSlow() {
        slowRelease.countDown();
    }

    URI httpUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    RawClient client() {
        return new RawClient(httpUri());
    }

    @Override
    public void close() {
        releaseSlow();
        gateway.close();
    }
}
