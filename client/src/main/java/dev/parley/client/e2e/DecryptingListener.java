package dev.parley.client.e2e;

import dev.parley.client.SyncListener;
import dev.parley.protocol.sync.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between sync and the application's listener when end-to-end encryption is on: a new message of an encrypted
 * chat reaches the application with its decrypted text (its {@code ciphertext} stays set, so the application knows
 * it was encrypted), and handshakes and welcomes are applied to the groups as they arrive.
 */
public final class DecryptingListener implements SyncListener {
    private static final Logger log = LoggerFactory.getLogger(DecryptingListener.class);

    private final SyncListener application;
    private final SecureChats secure;

    public DecryptingListener(SyncListener application, SecureChats secure) {
        this.application = application;
        this.secure = secure;
    }

    @Override
    public void onUpdate(Update update) {
        switch (update) {
            // An edit reaches the application as the edit of the message it names; one not by the author, not at all.
            case Update.NewMessage m when m.message().ciphertext() != null ->
                    secure.reveal(m).ifPresent(application::onUpdate);
            case Update.E2eHandshake h -> keepUp(h);
            case Update.E2eWelcome w -> keepUp(w);
            default -> application.onUpdate(update);
        }
    }

    /** Applies group changes now, so that the group is current before the next message or send. */
    private void keepUp(Update update) {
        try {
            secure.catchUp();
        } catch (RuntimeException e) {
            // The next reveal or send catches up again; the application still hears of the update.
            log.warn("applying end-to-end updates failed: {}", e.getMessage());
        }
        application.onUpdate(update);
    }

    @Override
    public void onResync(long pts) {
        application.onResync(pts);
    }

    @Override
    public void onCaughtUp(long pts) {
        application.onCaughtUp(pts);
    }
}
