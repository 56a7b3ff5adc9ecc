package dev.parley.server;

import dev.parley.server.config.Config;
import dev.parley.server.config.ConfigException;
import dev.parley.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley server [--port N] [--bind ADDR] [--data-dir DIR] [--config FILE] [--node-id N] [--db URL]
 * [--nats URL]}.
 */
@Command(name = "parley", mixinStandardHelpOptions = true, subcommands = {Main.Server.class, OperatorCommand.class},
        description = "Parley, a self-hostable private messaging server.")
public final class Main implements Runnable {
    /** Exit code for configuration errors (the same code picocli uses for bad usage). */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Serve the API and the web client (defaults: 127.0.0.1:8080, data in ./data).")
    static final class Server implements Callable<Integer> {
        @Option(names = "--port", description = "TCP port (0 picks a free one); env PARLEY_PORT; default 8080")
        Integer port;
        @Option(names = "--bind", description = "address to listen on; env PARLEY_BIND; default 127.0.0.1")
        String bind;
        @Option(names = "--data-dir", description = "data directory; env PARLEY_DATA_DIR; default ./data")
        Path dataDir;
        @Option(names = "--config", description = "YAML config file; env PARLEY_CONFIG")
        Path config;
        @Option(names = "--node-id", description = "node id 0–31, unique per node; env PARLEY_NODE_ID; default 0")
        Integer nodeId;
        @Option(names = "--db", description = "PostgreSQL shared by all nodes, postgresql://user@host:port/db; "
                + "env PARLEY_DB; default: embedded SQLite in the data directory")
        String db;
        @Option(names = "--nats", description = "NATS servers for cross-node push, nats://host:port[,…]; "
                + "env PARLEY_NATS; default: none (one node)")
        String nats;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Config loaded;
            try {
                loaded = new ConfigLoader().load(System.getenv(),
                        new ConfigLoader.Flags(port, bind, dataDir, config, nodeId, db, nats));
            } catch (ConfigException e) {
                err.println("parley: invalid configuration: " + e.getMessage());
                err.flush();
                return EXIT_CONFIG;
            }
            ParleyServer server;
            try {
                server = new ParleyServer(loaded);
            } catch (RuntimeException e) {
                err.println("parley: cannot start: " + e.getMessage());
                err.flush();
                return 1;
            }
            int boundPort;
            try {
                boundPort = server.start();
            } catch (RuntimeException e) {
                server.close();
                err.println("parley: cannot start: " + e.getMessage());
                err.flush();
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("parley-shutdown").unstarted(() -> {
                server.close();
                stopped.countDown();
            }));
            out.println("Parley listening on http://" + hostForUrl(loaded.bind()) + ":" + boundPort + " (data: "
                    + (loaded.usesPostgresql() ? "PostgreSQL" : loaded.dataDir().toAbsolutePath().normalize())
                    + (loaded.usesNats() ? ", node " + loaded.nodeId() + " on NATS" : "") + ")");
            out.flush();
            stopped.await();
            return 0;
        }

        private static String hostForUrl(String bind) {
            return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        }
    }
}
