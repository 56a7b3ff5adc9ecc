package dev.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.crypto.mls.BcMlsEngine;
import dev.parley.crypto.mls.CommitResult;
import dev.parley.crypto.mls.GroupState;
import dev.parley.crypto.mls.HandshakeOutcome;
import dev.parley.crypto.mls.KeyPackageBundle;
import dev.parley.crypto.mls.Member;
import dev.parley.crypto.mls.MlsEngine;
import dev.parley.crypto.mls.MlsException;
import dev.parley.server.testing.Chatter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One device of a user in an end-to-end test: a real MLS client (the {@code crypto} module) that talks to a real
 * server over HTTP, the way the SDK will: it registers its key, publishes key packages, commits through
 * {@code e2e.sendHandshake}, and catches up by applying {@code updates.getDifference} in order.
 */
final class MlsDevice {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final MlsEngine ENGINE = new BcMlsEngine(RANDOM);
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    final Chatter session;
    final DeviceIdentity identity;
    final long deviceId;
    private final List<KeyPackageBundle> keyPackages = new ArrayList<>();
    private final Set<Long> ownHandshakes = new HashSet<>();
    /** Decrypted messages by message id. */
    final Map<Long, String> received = new HashMap<>();
    GroupState state;
    /** The state just before this device learned it was removed, to prove it cannot read what follows. */
    GroupState stateBeforeRemoval;
    boolean removed;
    private long pts;

    /** Registers the session's device key with the server and publishes key packages. */
    MlsDevice(Chatter session, int keyPackageCount) throws MlsException {
        this.session = session;
        // The credential embeds the device id the server assigns, so the key comes first and the identity after.
        DeviceIdentity draft = DeviceIdentity.generate(session.userId, 1, RANDOM);
        JsonNode registered = session.ok("e2e.registerDevice",
                Map.of("identityKey", B64.encodeToString(draft.publicKey())));
        this.deviceId = registered.path("deviceId").asLong();
        this.identity = new DeviceIdentity(session.userId, deviceId, draft.privateKey());
        if (!registered.path("credential").asText().equals(B64.encodeToString(identity.credential().encode()))) {
            throw new AssertionError("the server's credential differs from the device's own");
        }
        List<String> published = new ArrayList<>();
        for (int i = 0; i < keyPackageCount; i++) {
            KeyPackageBundle bundle = ENGINE.createKeyPackage(identity, false);
            keyPackages.add(bundle);
            published.add(B64.encodeToString(bundle.keyPackage()));
        }
        session.ok("e2e.uploadKeyPackages", Map.of("deviceId", deviceId, "keyPackages", published));
        this.pts = session.ok("updates.getState", Map.of()).path("pts").asLong();
    }

    long userId() {
        return session.userId;
    }

    void createGroup(String groupIdBase64) throws MlsException {
        state = ENGINE.createGroup(identity, UNB64.decode(groupIdBase64));
    }

    /** Claims key packages of the users' devices and commits their addition; the server adds them as members. */
    JsonNode add(long chatId, List<Long> userIds, boolean addToChat) throws MlsException {
        JsonNode claimed = session.ok("e2e.claimKeyPackages", Map.of("chatId", chatId, "userIds", userIds))
                .path("keyPackages");
        List<byte[]> packages = new ArrayList<>();
        List<Long> devices = new ArrayList<>();
        claimed.forEach(c -> {
            packages.add(UNB64.decode(c.path("keyPackage").asText()));
            devices.add(c.path("deviceId").asLong());
        });
        CommitResult commit = ENGINE.addMembers(state, packages);
        state = commit.current();
        Map<String, Object> params = handshake(chatId, commit);
        params.put("welcome", Map.of("message", B64.encodeToString(commit.welcome().orElseThrow()),
                "deviceIds", devices));
        if (addToChat) {
            params.put("addUserIds", userIds);
        }
        return accept(commit, session.ok("e2e.sendHandshake", params));
    }

    /** Commits the removal of every device of the users; the server removes them from the chat. */
    JsonNode remove(long chatId, List<Long> userIds) throws MlsException {
        List<Integer> leaves = ENGINE.members(state).stream()
                .filter(m -> userIds.contains(m.credential().userId())).map(Member::leafIndex).toList();
        CommitResult commit = ENGINE.removeMembers(state, leaves);
        state = commit.current();
        Map<String, Object> params = handshake(chatId, commit);
        params.put("removeUserIds", userIds);
        return accept(commit, session.ok("e2e.sendHandshake", params));
    }

    /** An empty commit with fresh keys; the server's answer (an error code on STALE_EPOCH) is returned as is. */
    String selfUpdate(long chatId) throws MlsException {
        CommitResult commit = ENGINE.selfUpdate(state);
        state = commit.current();
        var reply = session.call("e2e.sendHandshake", handshake(chatId, commit));
        if (reply.status() != 200) {
            return reply.errorCode();
        }
        accept(commit, reply.json().path("result"));
        return "OK";
    }

    long send(long chatId, String text) throws MlsException {
        var protectedMessage = ENGINE.protect(state, text.getBytes(StandardCharsets.UTF_8));
        state = protectedMessage.state();
        return session.ok("e2e.sendMessage", Map.of("chatId", chatId,
                "ciphertext", B64.encodeToString(protectedMessage.message()), "randomId", randomId()))
                .path("message").path("id").asLong();
    }

    /** Applies every update since the last sync, in log order: welcomes, handshakes, application messages. */
    void sync() throws MlsException {
        while (true) {
            JsonNode difference = session.ok("updates.getDifference", Map.of("pts", pts));
            for (JsonNode update : difference.path("updates")) {
                apply(update);
            }
            pts = difference.path("state").path("pts").asLong();
            if (difference.path("final").asBoolean(true)) {
                return;
            }
        }
    }

    byte[] epochAuthenticator() throws MlsException {
        return ENGINE.epochAuthenticator(state);
    }

    private void apply(JsonNode update) throws MlsException {
        switch (update.path("type").asText()) {
            case "e2eWelcome" -> {
                boolean forMe = false;
                for (JsonNode id : update.path("deviceIds")) {
                    forMe |= id.asLong() == deviceId;
                }
                if (forMe && state == null && !removed) {
                    state = ENGINE.joinFromWelcome(identity, keyPackages,
                            UNB64.decode(update.path("message").asText())).state();
                }
            }
            case "e2eHandshake" -> {
                if (state == null || ownHandshakes.contains(update.path("seq").asLong())) {
                    return;
                }
                GroupState before = state;
                HandshakeOutcome outcome = ENGINE.handle(state, UNB64.decode(update.path("message").asText()));
                switch (outcome) {
                    case HandshakeOutcome.Advanced a -> state = a.state();
                    case HandshakeOutcome.ProposalQueued q -> state = q.state();
                    case HandshakeOutcome.Removed r -> {
                        stateBeforeRemoval = before;
                        removed = true;
                        state = null;
                    }
                }
            }
            case "newMessage" -> {
                JsonNode message = update.path("message");
                if (state == null || message.path("out").asBoolean() || !message.has("ciphertext")) {
                    return;
                }
                var plain = ENGINE.unprotect(state, UNB64.decode(message.path("ciphertext").asText()));
                state = plain.state();
                received.put(message.path("id").asLong(), new String(plain.plaintext(), StandardCharsets.UTF_8));
            }
            default -> {
                // membership, timer and device updates need no MLS work here
            }
        }
    }

    private Map<String, Object> handshake(long chatId, CommitResult commit) {
        Map<String, Object> params = new HashMap<>();
        params.put("chatId", chatId);
        params.put("message", B64.encodeToString(commit.commit()));
        params.put("randomId", randomId());
        return params;
    }

    /** The server accepted our commit: adopt the next epoch and skip the echo of it in the log. */
    private JsonNode accept(CommitResult commit, JsonNode accepted) {
        state = commit.pending();
        ownHandshakes.add(accepted.path("seq").asLong());
        return accepted;
    }

    private static long randomId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 53);
    }
}
