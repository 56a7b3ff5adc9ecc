package dev.parley.server.e2e;

import java.util.List;

/** The update-log kinds and chat-event kinds the e2e feature owns, with their stored payloads. */
final class E2eKinds {
    private E2eKinds() {}

    /** Log kind pointing at a chat event whose row is in e2e_handshakes. */
    static final String HANDSHAKE = "e2eHandshake";
    /** User-only log kind; payload {@link WelcomePayload}. */
    static final String WELCOME = "e2eWelcome";
    /** User-only log kind (chat id 0); payload {@link DevicesPayload}. */
    static final String DEVICES_CHANGED = "e2eDevicesChanged";
    /** Log kind pointing at a chat event with payload {@link TimerPayload}. */
    static final String TIMER = "e2eTimer";

    static final List<String> LOG_KINDS = List.of(HANDSHAKE, WELCOME, DEVICES_CHANGED, TIMER);

    /** Chat-event kinds (chat_events.kind). */
    static final String EVENT_HANDSHAKE = "e2eHandshake";
    static final String EVENT_TIMER = "e2eTimer";

    /** A user-level update has no chat; update_log.chat_id is then 0. */
    static final long NO_CHAT = 0;

    record WelcomePayload(long welcomeId, List<Long> deviceIds) {}

    record DevicesPayload(long userId, long keyChangedAt) {}

    record TimerPayload(int seconds, long actorId) {}
}
