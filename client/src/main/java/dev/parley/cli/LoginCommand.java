package dev.parley.cli;

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
            cli.startSession(output, password, device,
                    (client, secret, deviceName) -> client.login(username, secret, deviceName),
                    "Logged in as " + username);
        });
    }
}
