package dev.parley.server.gateway;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.config.Config;
import dev.parley.server.config.TrustedProxies;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What every per-channel handler of one {@link GatewayServer} shares. Immutable apart from the counters it holds. */
record GatewayContext(
        Config.Gateway limits,
        Dispatcher dispatcher,
        SessionAuthenticator authenticator,
        ConnectionRegistry connections,
        FloodControl flood,
        JsonCodec codec,
        PrometheusMeterRegistry metrics,
        StaticFiles staticFiles,
        List<HttpRoute> routes,
        AtomicInteger openWebSockets,
        TrustedProxies proxies) {}
