package dev.parley.client.e2e;

/**
 * Payloads an honest SDK refuses to send, for tests of what receiving devices do with them: a group member can
 * encrypt anything, so the receivers' checks are what protects the other members.
 */
public final class ForgedPayloads {
    private ForgedPayloads() {}

    /** An edit of someone else's message, sent past the SDK's own author check. */
    public static void edit(SecureChats sender, long chatId, long messageId, String text) {
        sender.sendPayload(chatId, new SecureChats.Payload(text, null, messageId));
    }
}
