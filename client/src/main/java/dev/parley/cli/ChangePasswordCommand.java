package dev.parley.cli;

import dev.parley.protocol.account.AuthMethods;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "change-password", description = "Change the password; every other session is logged out. The "
        + "passwords come from $PARLEY_PASSWORD and $PARLEY_NEW_PASSWORD, prompts, or two lines of standard input.")
final class ChangePasswordCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Override
    public Integer call() {
        return cli.run(output -> {
            Passwords passwords = cli.passwords();
            String current = passwords.current(Passwords.PASSWORD, "Current password: ");
            String fresh = passwords.fresh(Passwords.NEW_PASSWORD, "New password: ");
            try (var session = cli.loggedIn()) {
                session.client().changePassword(current, fresh);
                output.result(AuthMethods.Ok.OK, "Password changed; other sessions were logged out.");
            }
        });
    }
}
