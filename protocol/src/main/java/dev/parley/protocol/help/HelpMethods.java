package dev.parley.protocol.help;

/** Params and results of the {@code help.*} methods (docs/PROTOCOL.md, "help.getConfig"). */
public final class HelpMethods {
    private HelpMethods() {}

    public static final String GET_CONFIG = "help.getConfig";

    /** {@code help.getConfig} takes no params. */
    public record GetConfig() {}

    /**
     * The limits a client should respect to avoid errors: the newest protocol version the server speaks, the largest
     * frame or HTTP body, the flood-control token bucket (per session) and the requests a connection may have in flight.
     */
    public record ServerConfig(int protocolVersion, int maxFrameBytes, double requestsPerSecond, int burst,
            int maxInFlight) {}
}
