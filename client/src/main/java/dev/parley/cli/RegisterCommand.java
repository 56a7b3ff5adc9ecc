package dev.parley.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "register", description = "Create an account and log this device in. The password comes from "
        + "$PARLEY_PASSWORD, a prompt, or one line of standard input.")
final class RegisterCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "USERNAME", description = "5–32 characters of a–z, 0–9 and _.")
    private String username;

    @Option(names = "--display-name", paramLabel = "NAME", description = "Shown to others (default: the username).")
    private String displayName;

    @Option(names = "--device", paramLabel = "NAME", description = "Name of this device in the session list.")
    private String device;

    @Override
    public Integer call() {
        return cli.run(output -> {
            String password = cli.passwords().fresh(Passwords.PASSWORD, "Password: ");
            cli.startSession(output, password, device,
                    (client, secret, deviceName) -> client.register(username, secret, displayName, deviceName),
                    "Registered " + username);
        });
    }
}
