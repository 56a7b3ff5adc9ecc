package dev.parley.server.gateway;

import dev.parley.protocol.Limits;
import dev.parley.protocol.help.HelpMethods;
import dev.parley.server.config.Config;
import java.util.List;

/** {@code help.*}: methods the gateway itself answers, for clients to adapt to this server's limits. */
public final class HelpApi {
    private final Config.Gateway limits;

    public HelpApi(Config.Gateway limits) {
        this.limits = limits;
    }

    public List<Method<?, ?>> methods() {
        return List.of(Method.anonymous(HelpMethods.GET_CONFIG, HelpMethods.GetConfig.class,
                (caller, params) -> getConfig()));
    }

    public HelpMethods.ServerConfig getConfig() {
        return new HelpMethods.ServerConfig(Limits.PROTOCOL_VERSION, Limits.MAX_FRAME_BYTES,
                limits.requestsPerSecond(), limits.burst(), limits.maxInFlight());
    }
}
