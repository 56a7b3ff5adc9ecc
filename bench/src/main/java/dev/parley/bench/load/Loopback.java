package dev.parley.bench.load;

/** The generator refuses anything but loopback: it is a benchmark, not a traffic tool. */
final class Loopback {
    private Loopback() {}

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }
}
