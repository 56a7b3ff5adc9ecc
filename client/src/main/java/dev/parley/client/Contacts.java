package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.contacts.ContactsMethods;
import dev.parley.protocol.contacts.ContactsMethods.User;

/** The {@code contacts.*} methods of docs/protocol/messaging.md; obtained from {@link ParleyClient#contacts()}. */
public final class Contacts {
    private final ParleyClient client;

    Contacts(ParleyClient client) {
        this.client = client;
    }

    /** {@code contacts.resolveUsername} (case-insensitive; a leading {@code @} is allowed). */
    public User resolveUsername(String username) {
        String name = username != null && username.startsWith("@") ? username.substring(1) : username;
        return client.call(ContactsMethods.RESOLVE_USERNAME, new ContactsMethods.ResolveUsername(name),
                ContactsMethods.ResolvedUser.class).user();
    }

    /** {@code contacts.block}: stops private messages both ways (idempotent). */
    public void block(long userId) {
        client.call(ContactsMethods.BLOCK, new ContactsMethods.UserRef(userId), JsonNode.class);
    }

    /** {@code contacts.unblock} (idempotent). */
    public void unblock(long userId) {
        client.call(ContactsMethods.UNBLOCK, new ContactsMethods.UserRef(userId), JsonNode.class);
    }
}
