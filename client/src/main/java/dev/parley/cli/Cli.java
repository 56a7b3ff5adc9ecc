package dev.parley.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.e2e.SecureChats;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods.AuthResult;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley cli}: the command-line client, built on the SDK. Holds the global options and what every command
 * shares (profile, connection, output, error reporting); each command is its own small class.
 */
@Command(name = "parley cli", mixinStandardHelpOptions = true, version = "Parley CLI 0.1",
        description = "Talk to a Parley server from the command line.",
        subcommands = {RegisterCommand.class, LoginCommand.class, LogoutCommand.class, WhoamiCommand.class,
                SessionsCommand.class, RevokeCommand.class, ChangePasswordCommand.class, DeleteAccountCommand.class,
                ChatsCommand.class, SendCommand.class, EditCommand.class, HistoryCommand.class, ReadCommand.class, ReceiveCommand.class,
                GroupCommand.class, ChannelCommand.class, PostCommand.class, PollCommand.class, AdminCommand.class,
                InviteCommand.class, DiscussionCommand.class, EventCommand.class, ReportCommand.class,
                VerifyCommand.class, BotCommand.class,
                PressCommand.class, CommandsCommand.class})
public final class Cli implements Callable<Integer> {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
    private static final Set<ErrorCode> TOKEN_REFUSED =
            Set.of(ErrorCode.SESSION_REVOKED, ErrorCode.UNAUTHORIZED, ErrorCode.AUTH_REQUIRED, ErrorCode.AUTH_FAILED);

    @Option(names = "--server", paramLabel = "URL",
            description = "Server base URL (default: $PARLEY_SERVER, else the logged-in session's, else "
                    + DEFAULT_SERVER + ").")
    private String server;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "Profile directory holding session.json (default: $XDG_CONFIG_HOME/parley or "
                    + "~/.config/parley).")
    private Path profileDirectory;

    @Option(names = "--json", description = "Print each result as one JSON object per line.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;
    private final JsonCodec codec = new JsonCodec();

    public Cli(CliEnvironment environment) {
        this.environment = environment;
    }

    public Cli() {
        this(CliEnvironment.system());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).execute(args));
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Something a command does, printing its result through the given output. */
    @FunctionalInterface
    interface Action {
        void run(Output output);
    }

    /** Runs a command body and turns its failure into {@code error: …} on standard error and an exit code. */
    int run(Action action) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            action.run(new Output(spec.commandLine().getOut(), json, codec, environment.zone()));
            return ExitCode.OK;
        } catch (ParleyException e) {
            err.println(Output.errorLine(e.code().name(), e.getMessage()));
            return e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.TIMEOUT
                    ? ExitCode.UNAVAILABLE : ExitCode.SERVER_ERROR;
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        } finally {
            err.flush();
        }
    }

    /** Something a command does with the logged-in session, printing its result through the given output. */
    @FunctionalInterface
    interface SessionAction {
        void run(LoggedIn session, Output output);
    }

    /** As {@link #run} for a command body that needs the logged-in session, which is closed when it ends. */
    int runLoggedIn(SessionAction action) {
        return run(output -> {
            try (var session = loggedIn()) {
                action.run(session, output);
            }
        });
    }

    /**
     * Runs one call with the logged-in client and prints its result: {@code human} for people, the result itself
     * with {@code --json}. The shape of most commands.
     */
    <T> int call(Function<ParleyClient, T> call, Function<T, String> human) {
        return runLoggedIn((session, output) -> {
            T result = call.apply(session.client());
            output.result(result, human.apply(result));
        });
    }

    /** As {@link #call} for a call without a result: prints {@code done} ({@code {"ok":true}} with --json). */
    int act(java.util.function.Consumer<ParleyClient> call, String done) {
        return call(client -> {
            call.accept(client);
            return dev.parley.protocol.account.AuthMethods.Ok.OK;
        }, ok -> done);
    }

    CliEnvironment environment() {
        return environment;
    }

    Passwords passwords() {
        return new Passwords(environment);
    }

    Profile profile() {
        Path directory = profileDirectory != null ? profileDirectory
                : Profile.defaultDirectory(environment.variables(), System.getProperty("user.home"));
        return new Profile(directory, codec);
    }

    /** The server to talk to: {@code --server}, else $PARLEY_SERVER, else the saved session's, else the default. */
    String server(Optional<Profile.Session> saved) {
        if (server != null) {
            return server;
        }
        return environment.variable("PARLEY_SERVER")
                .or(() -> saved.map(Profile.Session::server))
                .orElse(DEFAULT_SERVER);
    }

    ParleyClient connect(String url) {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("needs a scheme and a host");
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "bad server URL '" + url + "': " + e.getMessage());
        }
        return ParleyClient.connect(uri, ParleyClient.Options.defaults());
    }

    /** A connection authenticated with the saved session, for commands that need one. */
    record LoggedIn(ParleyClient client, Profile.Session saved, Profile profile, String server)
            implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    LoggedIn loggedIn() {
        Profile profile = profile();
        Profile.Session saved = profile.session().orElseThrow(CliException::notLoggedIn);
        String url = server(Optional.of(saved));
        ParleyClient client = connect(url);
        try {
            client.hello(saved.token());
            return new LoggedIn(client, saved, profile, url);
        } catch (ParleyException e) {
            client.close();
            if (!TOKEN_REFUSED.contains(e.code())) {
                throw e;
            }
            // Only forget the session if it was refused by the server it belongs to, not by one named by mistake.
            if (url.equals(saved.server())) {
                profile.clearSession();
            }
            throw new CliException(ExitCode.UNAVAILABLE,
                    "the saved session is no longer valid (" + e.code() + "): log in again");
        }
    }

    /** How register and login authenticate this device: one call with the password and the device's name. */
    @FunctionalInterface
    interface Authentication {
        AuthResult authenticate(ParleyClient client, String password, String deviceName);
    }

    /**
     * What register and login share once they have the password: authenticate this device ({@code --device}, else
     * the default name), make the new session the profile's, and print {@code done} with the user, session and
     * server.
     */
    void startSession(Output output, String password, String device, Authentication authentication, String done) {
        Profile profile = profile();
        String url = server(Optional.empty());
        try (var client = connect(url)) {
            String deviceName = device != null ? device : defaultDeviceName(environment);
            AuthResult result = authentication.authenticate(client, password, deviceName);
            profile.save(new Profile.Session(url, result.token(), result.userId(), result.sessionId()));
            // This session's device: its key is generated and registered, key packages are uploaded. Before
            // the sync position is taken, so its own device update is not news to `receive`.
            client.enableE2e(profile.e2eState(environment));
            // `receive` later catches up from here: everything after this login, nothing before it.
            profile.syncState().save(client.updates().getState());
            output.result(sessionSummary(result, url), done + " (user " + result.userId() + ", session "
                    + result.sessionId() + ") on " + url + ".");
        }
    }

    /** The JSON result of register and login: never the token, which stays in the profile. */
    private static Object sessionSummary(AuthResult result, String server) {
        var summary = new LinkedHashMap<String, Object>();
        summary.put("userId", result.userId());
        summary.put("sessionId", result.sessionId());
        summary.put("server", server);
        return summary;
    }

    /**
     * Turns on end-to-end encryption for the logged-in device from the profile's state (registering the device and
     * uploading key packages if this session has none yet, e.g. a profile from before end-to-end encryption).
     */
    SecureChats e2e(LoggedIn session) {
        return session.client().enableE2e(session.profile().e2eState(environment));
    }

    static String defaultDeviceName(CliEnvironment environment) {
        return environment.variable("HOSTNAME").map(host -> "CLI on " + host).orElse("Parley CLI");
    }
}
