package dev.parley.server.community;

import dev.parley.protocol.channel.EventMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code events.*} methods. */
public final class EventApi {
    private final EventService events;

    public EventApi(EventService events) {
        this.events = events;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(EventMethods.CREATE, EventMethods.Create.class,
                        (c, p) -> events.create(c.userId(), p)),
                Method.authenticated(EventMethods.RSVP, EventMethods.Rsvp.class,
                        (c, p) -> events.rsvp(c.userId(), p.eventId(), p.answer())),
                Method.authenticated(EventMethods.LIST, EventMethods.ListEvents.class,
                        (c, p) -> events.list(c.userId(), p.chatId(), p.past())));
    }
}
