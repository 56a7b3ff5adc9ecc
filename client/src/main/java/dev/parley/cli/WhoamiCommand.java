package dev.parley.cli;

import dev.parley.protocol.account.AuthMethods.Me;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "whoami", description = "Show the logged-in account and session.")
final class WhoamiCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            Me me = session.client().me();
            var json = new LinkedHashMap<String, Object>();
            json.put("userId", me.userId());
            json.put("username", me.username());
            json.put("displayName", me.displayName());
            json.put("createdAt", me.createdAt());
            json.put("sessionId", session.saved().sessionId());
            json.put("server", session.server());
            output.result(json, me.username() + " (" + me.displayName() + "), user " + me.userId() + ", session "
                    + session.saved().sessionId() + " on " + session.server());
        });
    }
}
