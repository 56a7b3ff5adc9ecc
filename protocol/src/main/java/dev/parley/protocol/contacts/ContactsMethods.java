package dev.parley.protocol.contacts;

import dev.parley.protocol.Fields;
import dev.parley.protocol.account.AuthMethods;

/** Params and results of the {@code contacts.*} methods (docs/protocol/messaging.md, "Contacts"). */
public final class ContactsMethods {
    private ContactsMethods() {}

    public static final String RESOLVE_USERNAME = "contacts.resolveUsername";
    public static final String BLOCK = "contacts.block";
    public static final String UNBLOCK = "contacts.unblock";

    public record ResolveUsername(String username) {
        public ResolveUsername {
            username = AuthMethods.canonicalUsername(username);
        }
    }

    /** The public face of an account: what other users may see. */
    public record User(long userId, String username, String displayName) {}

    public record ResolvedUser(User user) {}

    public record UserRef(Long userId) {
        public UserRef {
            Fields.positiveId(userId, "userId");
        }
    }
}
