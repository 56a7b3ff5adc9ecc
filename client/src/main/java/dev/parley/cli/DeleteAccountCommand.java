package dev.parley.cli;

import dev.parley.protocol.account.AuthMethods;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete-account", description = "Delete the account and everything in it, for good. The password "
        + "comes from $PARLEY_PASSWORD, a prompt, or one line of standard input.")
final class DeleteAccountCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Option(names = "--yes", description = "Confirm the deletion (required: it cannot be undone).")
    private boolean confirmed;

    @Override
    public Integer call() {
        return cli.run(output -> {
            if (!confirmed) {
                throw new CliException(ExitCode.USAGE, "deleting an account cannot be undone: add --yes to confirm");
            }
            String password = cli.passwords().current(Passwords.PASSWORD, "Password: ");
            try (var session = cli.loggedIn()) {
                session.client().deleteAccount(password);
                session.profile().clearSession();
                output.result(AuthMethods.Ok.OK, "Account deleted.");
            }
        });
    }
}
