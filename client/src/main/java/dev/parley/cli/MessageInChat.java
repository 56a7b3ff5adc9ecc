package dev.parley.cli;

import picocli.CommandLine.Parameters;

/**
 * The {@code CHAT_ID MESSAGE_ID} arguments of the commands that act on one message (post react, pin, …; poll vote,
 * close, …), mixed in with {@code @Mixin} so they are declared once.
 */
final class MessageInChat {
    @Parameters(index = "0", paramLabel = "CHAT_ID")
    long chatId;
    @Parameters(index = "1", paramLabel = "MESSAGE_ID")
    long messageId;
}
