package dev.parley.cli;

import dev.parley.protocol.account.AuthMethods.AuthResult;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "login", description = "Log this device in (a new session). The password comes from "
        + "$PARLEY_PASSWORD, a prompt, or one line of standard input.")
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "USERNAME")
    private String username;

    @Option(names = "--device", paramLabel = "NAME", description = "Name of this device in the session list.")
    private String device;

    @Override
    public Integer call() {
        return cli.run(output -> {
            String password = cli.passwords().current(Passwords.PASSWORD, "Password: ");
            Profile profile = cli.profile();
            String server = cli.server(Optional.empty());
            try (var client = cli.connect(server)) {
                String deviceName = device != null ? device : Cli.defaultDeviceName(cli.environment());
                AuthResult result = client.login(username, password, deviceName);
                profile.save(new Profile.Session(server, result.token(), result.userId(), result.sessionId()));
                // This session's device: its key is generated and registered, key packages are uploaded. Before
                // the sync position is taken, so its own device update is not news to `receive`.
                client.enableE2e(profile.e2eState(cli.environment()));
                // `receive` later catches up from here: everything after this login, nothing before it.
                profile.syncState().save(client.updates().getState());
                output.result(RegisterCommand.summary(result, server),
                        "Logged in as " + username + " (user " + result.userId() + ", session " + result.sessionId()
                                + ") on " + server + ".");
            }
        });
    }
}
