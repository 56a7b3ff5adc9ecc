package dev.parley.cli;

import dev.parley.client.e2e.SecureChats;
import dev.parley.crypto.identity.DeviceKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code verify <username>}: the safety number of you and another user over both users' current device keys
 * (docs/SECURITY.md "Safety numbers"). Both of you run it and compare the 60 digits in person or over another
 * channel; if they match, nobody (not even the server) has put a key of their own between you. The keys seen are
 * remembered, so a later run says when they changed.
 */
@Command(name = "verify", description = "Show the safety number of you and USERNAME: compare it with theirs "
        + "(in person or over another channel) to know your encrypted chats reach only their devices.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "USERNAME", description = "@username or username.")
    private String username;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            SecureChats secure = cli.e2e(session);
            long userId = new Peers(session.client()).user(username);
            SecureChats.Verification verification = secure.verify(userId);
            List<String> groups = verification.safetyNumber().groups();
            var json = new LinkedHashMap<String, Object>();
            json.put("userId", userId);
            json.put("safetyNumber", verification.safetyNumber().digits());
            json.put("devices", verification.theirKeys().stream().map(k -> deviceJson(k)).toList());
            json.put("changedSinceLastVerify", verification.changed());
            StringBuilder text = new StringBuilder("Safety number with " + name(username) + ":\n");
            for (int line = 0; line < 3; line++) {
                text.append("  ").append(String.join(" ", groups.subList(4 * line, 4 * line + 4))).append('\n');
            }
            text.append("Compare it with theirs in person or over another channel. ")
                    .append(name(username)).append(" has ").append(verification.theirKeys().size())
                    .append(verification.theirKeys().size() == 1 ? " device." : " devices.");
            if (verification.changed()) {
                text.append("\nTheir keys changed since you last verified: compare the number again.");
            }
            output.result(json, text.toString());
        });
    }

    private static Object deviceJson(DeviceKey key) {
        var device = new LinkedHashMap<String, Object>();
        device.put("deviceId", key.deviceId());
        device.put("key", HexFormat.of().formatHex(key.publicKey()));
        return device;
    }

    private static String name(String username) {
        return username.startsWith("@") ? username : "@" + username;
    }
}
