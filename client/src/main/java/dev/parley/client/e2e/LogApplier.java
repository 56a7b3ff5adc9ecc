package dev.parley.client.e2e;

import dev.parley.client.ParleyClient;
import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.crypto.mls.GroupState;
import dev.parley.crypto.mls.HandshakeOutcome;
import dev.parley.crypto.mls.JoinResult;
import dev.parley.crypto.mls.MlsEngine;
import dev.parley.crypto.mls.MlsException;
import dev.parley.crypto.mls.Unprotected;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.e2e.E2eMethods;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.sync.SyncMethods;
import dev.parley.protocol.sync.SyncMethods.Difference;
import dev.parley.protocol.sync.Update;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the update log to this device's MLS state from the device's own cursor (docs/protocol/e2e.md, "Client
 * algorithm"): Welcomes join groups, handshakes advance them, ciphertexts are decrypted once and their texts kept
 * (until the chat's disappearing-message timer expires them).
 * It owns the stored device record (cursor and unused key packages), which joining changes. Not thread-safe:
 * {@link SecureChats} serialises access.
 */
final class LogApplier {
    private static final int PAGE = SyncMethods.DIFFERENCE_PAGE_MAX;
    private static final Logger log = LoggerFactory.getLogger(LogApplier.class);
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private final ParleyClient client;
    private final E2e e2e;
    private final MlsEngine engine;
    private final E2eState state;
    private final JsonCodec codec;
    private final Map<Long, Boolean> encrypted;
    private final DeviceIdentity identity;
    private final Clock clock;
    private E2eState.Device device;

    LogApplier(ParleyClient client, E2e e2e, MlsEngine engine, E2eState state, JsonCodec codec,
            Map<Long, Boolean> encrypted, E2eState.Device device, Clock clock) {
        this.clock = clock;
        this.client = client;
        this.e2e = e2e;
        this.engine = engine;
        this.state = state;
        this.codec = codec;
        this.encrypted = encrypted;
        this.device = device;
        this.identity = device.deviceIdentity();
    }

    long deviceId() {
        return device.deviceId();
    }

    DeviceIdentity identity() {
        return identity;
    }

    /** Applies every update since this device's cursor: welcomes, handshakes and ciphertexts, in log order. */
    void catchUp() {
        while (true) {
            Difference page = client.call(SyncMethods.GET_DIFFERENCE,
                    new SyncMethods.GetDifference(device.pts(), PAGE), Difference.class);
            if (Boolean.TRUE.equals(page.tooLong())) {
                // The missing handshakes are gone: groups this device was in must re-add it (a new Welcome).
                log.warn("end-to-end cursor older than the server's log; skipping to pts {}", page.state().pts());
                advance(page.state().pts());
                return;
            }
            for (Update update : page.updates()) {
                apply(update);
            }
            advance(Math.max(device.pts(), page.state().pts()));
            if (!Boolean.FALSE.equals(page.isFinal())) {
                expireTexts();
                return;
            }
        }
    }

    /**
     * Disappearing messages on this device: texts older than their chat's timer are forgotten (the server deletes
     * the ciphertext in its housekeeping; this covers the copy decrypted here, also while the server has not yet).
     */
    void expireTexts() {
        long now = clock.instant().getEpochSecond();
        state.timers().forEach((chatId, seconds) -> state.forgetBefore(chatId, now - seconds));
    }

    /** Whether a message of the chat is older than the chat's disappearing-message timer. */
    boolean expired(long chatId, Long date) {
        Long seconds = state.timers().get(chatId);
        return seconds != null && date != null && date < clock.instant().getEpochSecond() - seconds;
    }

    /** Joins the chat's group from a Welcome still waiting on the server for this device, if there is one. */
    void joinPendingWelcome(long chatId) {
        e2e.getWelcomes(device.deviceId()).stream().filter(w -> w.chatId() == chatId)
                .forEach(w -> welcome(chatId, w.welcomeId(), List.of(device.deviceId()), w.epoch(), w.message()));
    }

    private void advance(long pts) {
        device = device.withPts(pts);
        state.save(device);
    }

    private void apply(Update update) {
        switch (update) {
            case Update.E2eWelcome w -> welcome(w.chatId(), w.welcomeId(), w.deviceIds(), w.epoch(), w.message());
            case Update.E2eHandshake h -> handshake(h);
            case Update.NewMessage m when m.message().ciphertext() != null -> decrypt(m.message());
            case Update.DeleteMessages d when d.forEveryone() -> state.forgetPlaintexts(d.chatId(), d.ids());
            case Update.ChatDeleted d -> state.forgetChat(d.chatId());
            case Update.E2eTimer t -> state.saveTimer(t.chatId(), t.seconds());
            default -> {
                // cloud updates need no MLS work
            }
        }
    }

    private void welcome(long chatId, long welcomeId, List<Long> deviceIds, long epoch, String message) {
        if (!deviceIds.contains(device.deviceId())) {
            return;
        }
        Optional<GroupState> current = state.group(chatId);
        if (current.isPresent() && current.get().epoch() >= epoch) {
            return;
        }
        String welcome = message != null ? message : e2e.getWelcomes(device.deviceId()).stream()
                .filter(w -> w.welcomeId() == welcomeId).map(E2eMethods.PendingWelcome::message).findFirst()
                .orElse(null);
        if (welcome == null) {
            log.warn("the Welcome {} to chat {} expired before this device read it", welcomeId, chatId);
            return;
        }
        try {
            JoinResult joined = engine.joinFromWelcome(identity, device.bundles(), UNB64.decode(welcome));
            state.saveGroup(chatId, joined.state());
            encrypted.put(chatId, true);
            if (!joined.usedKeyPackage().lastResort()) {
                device = device.withBundles(device.bundles().stream()
                        .filter(b -> !b.equals(joined.usedKeyPackage())).toList());
                state.save(device);
            }
        } catch (MlsException e) {
            log.warn("cannot join chat {} from Welcome {}: {}", chatId, welcomeId, e.getMessage());
        }
    }

    private void handshake(Update.E2eHandshake h) {
        Optional<E2eState.PendingCommit> pending = state.pendingCommit(h.chatId());
        if (pending.isPresent() && pending.get().seq() == h.seq()) {
            // The echo of our own accepted commit: from here on the log is of the epoch it made.
            state.saveGroup(h.chatId(), pending.get().state());
            state.deletePendingCommit(h.chatId());
            return;
        }
        Optional<GroupState> current = state.group(h.chatId());
        // Not in the group yet, or already past this epoch (our own commit, adopted when the server accepted it).
        if (current.isEmpty() || h.epoch() < current.get().epoch()) {
            return;
        }
        try {
            switch (engine.handle(current.get(), UNB64.decode(h.message()))) {
                case HandshakeOutcome.Advanced a -> state.saveGroup(h.chatId(), a.state());
                case HandshakeOutcome.ProposalQueued q -> state.saveGroup(h.chatId(), q.state());
                case HandshakeOutcome.Removed r -> state.deleteGroup(h.chatId());
            }
        } catch (MlsException e) {
            if (e.reason() != MlsException.Reason.OWN_COMMIT) {
                log.warn("cannot apply handshake {} of chat {}: {}", h.seq(), h.chatId(), e.getMessage());
            }
        }
    }

    private void decrypt(Message message) {
        Optional<GroupState> current = state.group(message.chatId());
        if (current.isEmpty() || state.plaintexts(message.chatId()).containsKey(message.id())) {
            return;
        }
        try {
            Unprotected opened = engine.unprotect(current.get(), UNB64.decode(message.ciphertext()));
            state.saveGroup(message.chatId(), opened.state());
            SecureChats.Payload payload = codec.bind(codec.readTree(opened.plaintext()), SecureChats.Payload.class);
            state.savePlaintext(message.chatId(), message.id(), payload.text(),
                    message.date() == null ? 0 : message.date());
        } catch (MlsException | ParleyException e) {
            log.warn("cannot decrypt message {} of chat {}: {}", message.id(), message.chatId(), e.getMessage());
        }
    }
}
