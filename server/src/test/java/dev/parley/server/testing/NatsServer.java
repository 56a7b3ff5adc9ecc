package dev.parley.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A private nats-server process on a free loopback port, for tests that kill and restart NATS without touching the
 * shared one on 4222. Killed by its own process handle (SIGKILL), restarted on the same port.
 */
public final class NatsServer implements AutoCloseable {
    private static final Path BINARY = Path.of(System.getenv().getOrDefault("PARLEY_TEST_NATS_SERVER",
            "/usr/sbin/nats-server"));

    private final int port;
    private final Path log;
    private Process process;

    public NatsServer() {
        this.port = freePort();
        try {
            this.log = Files.createTempFile("parley-nats-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts the server (again) on its port and waits until it accepts connections. */
    public void start() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is required for this test (.ci/run installs nats-server)");
        }
        try {
            process = new ProcessBuilder(List.of(BINARY.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("nats-server did not start on port " + port + "; see " + log);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** kill -9: the server vanishes without a goodbye, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
