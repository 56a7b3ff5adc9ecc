package dev.parley.cli;

import dev.parley.protocol.account.AuthMethods.SessionInfo;
import dev.parley.protocol.account.AuthMethods.Sessions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "sessions", description = "List the account's sessions (devices); * marks this one.")
final class SessionsCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            List<SessionInfo> sessions = session.client().sessions();
            output.result(new Sessions(sessions), render(sessions, output));
        });
    }

    static String render(List<SessionInfo> sessions, Output output) {
        List<List<String>> rows = sessions.stream()
                .map(s -> List.of(s.current() ? "*" : "", Long.toString(s.sessionId()), s.deviceName(),
                        output.time(s.createdAt()), output.time(s.lastActiveAt())))
                .toList();
        return Output.table(List.of("", "ID", "DEVICE", "CREATED", "LAST ACTIVE"), rows);
    }
}
