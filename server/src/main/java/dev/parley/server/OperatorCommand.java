package dev.parley.server;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.account.AccountStore;
import dev.parley.server.config.Config;
import dev.parley.server.config.ConfigException;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.community.ReportStore;
import dev.parley.server.db.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley operator add|remove|list [username] [--data-dir DIR] [--db URL] [--config FILE]}: grants and
 * revokes server operators (who work the global report queue, docs/protocol/channels.md "Reports"). Only someone
 * with the server's data (its directory or database URL) can do this, which is the point: no API call makes an
 * account an operator. Works while the server runs (SQLite allows a second writer process; PostgreSQL anyway).
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Grant, revoke or list server operators (the global report queue).")
final class OperatorCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "add, remove or list")
    String action;
    @Parameters(index = "1", arity = "0..1", description = "the account's username (add, remove)")
    String username;
    @Option(names = "--data-dir", description = "data directory; env PARLEY_DATA_DIR; default ./data")
    Path dataDir;
    @Option(names = "--config", description = "YAML config file; env PARLEY_CONFIG")
    Path config;
    @Option(names = "--db", description = "PostgreSQL URL; env PARLEY_DB; default: embedded SQLite")
    String db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Config loaded;
        try {
            loaded = new ConfigLoader().load(System.getenv(),
                    new ConfigLoader.Flags(null, null, dataDir, config, null, db, null));
        } catch (ConfigException e) {
            err.println("parley: invalid configuration: " + e.getMessage());
            err.flush();
            return Main.EXIT_CONFIG;
        }
        boolean list = action.equals("list");
        if (!list && !action.equals("add") && !action.equals("remove") || !list && username == null) {
            err.println("parley: usage: operator add|remove <username>, or operator list");
            err.flush();
            return Main.EXIT_CONFIG;
        }
        try (Database database = ParleyServer.openDatabase(loaded, new PrometheusMeterRegistry(
                PrometheusConfig.DEFAULT))) {
            ReportStore operators = new ReportStore(new JsonCodec());
            AccountStore accounts = new AccountStore(database);
            if (list) {
                database.read(h -> operators.operators(h)).forEach(id -> out.println(accounts.credentialsById(id)
                        .map(AccountStore.Credentials::username).orElse("#" + id)));
                out.flush();
                return 0;
            }
            var account = accounts.credentialsByUsername(username.toLowerCase(Locale.ROOT));
            if (account.isEmpty()) {
                err.println("parley: no account named " + username);
                err.flush();
                return 1;
            }
            long userId = account.get().userId();
            long now = Instant.now().getEpochSecond();
            boolean changed = database.write(h -> action.equals("add") ? operators.grantOperator(h, userId, now)
                    : operators.revokeOperator(h, userId));
            out.println(username + (action.equals("add") ? changed ? " is now an operator" : " already was an operator"
                    : changed ? " is no longer an operator" : " was not an operator"));
            out.flush();
            return 0;
        }
    }
}
