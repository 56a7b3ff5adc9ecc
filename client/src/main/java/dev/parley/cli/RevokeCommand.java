package dev.parley.cli;

import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "revoke", description = "End one of the account's sessions; its devices are disconnected at once.")
final class RevokeCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "An id from 'sessions'.")
    private long sessionId;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            session.client().revokeSession(sessionId);
            boolean self = sessionId == session.saved().sessionId();
            if (self) {
                session.profile().clearSession();
            }
            var json = new LinkedHashMap<String, Object>();
            json.put("ok", true);
            json.put("sessionId", sessionId);
            output.result(json, "Session " + sessionId + " revoked." + (self ? " (This device is now logged out.)"
                    : ""));
        });
    }
}
