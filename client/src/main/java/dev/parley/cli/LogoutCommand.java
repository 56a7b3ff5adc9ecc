package dev.parley.cli;

import dev.parley.protocol.account.AuthMethods;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "logout", description = "End this device's session and forget it locally.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            session.client().logout();
            session.profile().clearSession();
            output.result(AuthMethods.Ok.OK, "Logged out.");
        });
    }
}
