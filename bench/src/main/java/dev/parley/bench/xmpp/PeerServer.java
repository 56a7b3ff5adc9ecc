package dev.parley.bench.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * ejabberd or Prosody run through the scripts in {@code bench/peers/<name>/}: {@code install.sh} (Debian packages,
 * a no-op when installed), {@code setup.sh} (fresh run directory and pre-created users), {@code start.sh} (private
 * instance on loopback, PID file) and {@code stop.sh}. The benchmark owns the instance it starts and stops it on
 * {@link #close}.
 */
public final class PeerServer implements Peer {
    /** The two peers and the c2s port their configuration templates listen on. */
    public enum Kind {
        EJABBERD(15222), PROSODY(25222);

        private final int port;

        Kind(int port) {
            this.port = port;
        }

        public String scriptName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public int port() {
            return port;
        }
    }

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    private final Scripts scripts;
    private final boolean archive;
    private final long pid;

    private PeerServer(Scripts scripts, boolean archive, long pid) {
        this.scripts = scripts;
        this.archive = archive;
        this.pid = pid;
    }

    /** The scripts of one peer under {@code peersDir} ({@code bench/peers}). */
    public record Scripts(Path peersDir, Kind kind) {
        public Path dir() {
            return peersDir.resolve(kind.scriptName());
        }

        public Path pidFile() {
            return dir().resolve("run").resolve(kind.scriptName() + ".pid");
        }

        /** Installs the packages when missing and creates a fresh run directory with {@code users} accounts. */
        public void prepare(int users) {
            run(List.of(dir().resolve("install.sh").toString()), INSTALL_TIMEOUT);
            run(List.of(dir().resolve("setup.sh").toString(), "--users", Integer.toString(users)), SCRIPT_TIMEOUT);
        }

        /** The start command, optionally without waiting for the port (the startup scenario polls logins itself). */
        public List<String> startCommand(boolean archive, boolean wait) {
            List<String> command = new ArrayList<>(List.of(dir().resolve("start.sh").toString(), "--archive",
                    archive ? "on" : "off"));
            if (!wait) {
                command.add("--no-wait");
            }
            return command;
        }

        public List<String> stopCommand() {
            return List.of(dir().resolve("stop.sh").toString());
        }

        /** Runs a script to completion within {@code timeout}; its output is shown only when it fails. */
        void run(List<String> command, Duration timeout) {
            try {
                Path log = Files.createTempFile("parley-bench-peer-", ".log");
                try {
                    Process process = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(log.toFile()).start();
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                        throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                                + timeout + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
                    }
                    if (process.exitValue() != 0) {
                        throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                                + process.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
                    }
                } finally {
                    Files.deleteIfExists(log);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command, e);
            }
        }
    }

    /** Starts a prepared peer with the archive on or off and waits until its c2s port accepts connections. */
    public static PeerServer start(Scripts scripts, boolean archive) {
        scripts.run(scripts.startCommand(archive, true), SCRIPT_TIMEOUT);
        return new PeerServer(scripts, archive, ProcessStats.readPidFile(scripts.pidFile()));
    }

    @Override
    public String label() {
        return label(scripts.kind(), archive);
    }

    /** {@code ejabberd-archive-on}, {@code prosody-archive-off}, … */
    public static String label(Kind kind, boolean archive) {
        return kind.scriptName() + "-archive-" + (archive ? "on" : "off");
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", scripts.kind().port());
    }

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(pid);
    }

    @Override
    public void close() {
        scripts.run(scripts.stopCommand(), SCRIPT_TIMEOUT);
    }
}
