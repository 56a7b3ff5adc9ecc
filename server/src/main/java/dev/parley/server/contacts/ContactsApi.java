package dev.parley.server.contacts;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.contacts.ContactsMethods;
import dev.parley.protocol.contacts.ContactsMethods.ResolvedUser;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code contacts.*} methods. */
public final class ContactsApi {
    private final ContactsService contacts;

    public ContactsApi(ContactsService contacts) {
        this.contacts = contacts;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(ContactsMethods.RESOLVE_USERNAME, ContactsMethods.ResolveUsername.class,
                        (caller, p) -> new ResolvedUser(contacts.resolveUsername(p.username()))),
                Method.authenticated(ContactsMethods.BLOCK, ContactsMethods.UserRef.class, (caller, p) -> {
                    contacts.block(caller.userId(), p.userId());
                    return Ok.OK;
                }),
                Method.authenticated(ContactsMethods.UNBLOCK, ContactsMethods.UserRef.class, (caller, p) -> {
                    contacts.unblock(caller.userId(), p.userId());
                    return Ok.OK;
                }));
    }
}
