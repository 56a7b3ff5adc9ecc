package dev.parley.cli;

import dev.parley.client.ParleyClient;
import picocli.CommandLine.Parameters;

/**
 * The {@code CHAT_ID USERNAME} arguments of the commands that act on one user in a chat (admin promote, ban, …;
 * invite approve, decline; group add, remove), mixed in with {@code @Mixin} so they are declared once.
 */
final class UserInChat {
    @Parameters(index = "0", paramLabel = "CHAT_ID")
    long chatId;
    @Parameters(index = "1", paramLabel = "USERNAME")
    String username;

    /** The user's id, looked up by username. */
    long userId(ParleyClient client) {
        return new Peers(client).user(username);
    }
}
