package dev.parley.client;

import dev.parley.protocol.account.AuthMethods.AuthResult;
import dev.parley.protocol.sync.Update;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A registered user and one connected SDK client of theirs, for messaging tests against a real server. */
record Person(String username, long userId, String token, ParleyClient client) implements AutoCloseable {
    static final ParleyClient.Options OPTIONS = ParleyClient.Options.defaults()
            .withRequestTimeout(Duration.ofSeconds(20))
            .withReconnect(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.5));

    static Person register(URI server, String prefix) {
        ParleyClient client = ParleyClient.connect(server, OPTIONS);
        String username = Accounts.username(prefix);
        AuthResult auth = client.register(username, Accounts.PASSWORD, null, "test");
        return new Person(username, auth.userId(), auth.token(), client);
    }

    /** Another device of this user: a new connection with the same session token. */
    ParleyClient device(URI server) {
        ParleyClient device = ParleyClient.connect(server, OPTIONS);
        device.hello(token);
        return device;
    }

    @Override
    public void close() {
        client.close();
    }

    /** A sync listener that keeps everything it is given, in order. */
    static final class Recorder implements SyncListener {
        final List<Update> updates = new CopyOnWriteArrayList<>();

        @Override
        public void onUpdate(Update update) {
            updates.add(update);
        }

        List<Update.NewMessage> newMessages() {
            return updates.stream().filter(Update.NewMessage.class::isInstance).map(Update.NewMessage.class::cast)
                    .toList();
        }
    }
}
