package dev.parley.client.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.crypto.identity.DeviceKey;
import dev.parley.crypto.mls.GroupState;
import dev.parley.crypto.mls.KeyPackageBundle;
import dev.parley.crypto.mls.MlsException;
import dev.parley.crypto.store.EncryptedStateStore;
import dev.parley.crypto.store.StateStoreException;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * This device's end-to-end state, every record encrypted at rest in an {@link EncryptedStateStore}:
 * <ul>
 *   <li>{@code device}: the identity (Ed25519 private key), device id, the session it belongs to, the unused key
 *   packages with their private keys, and the pts up to which the update log has been applied to the groups;</li>
 *   <li>{@code group-<chatId>}: the chat's MLS group state (the latest snapshot only: older ones would reuse
 *   keys);</li>
 *   <li>{@code plain-<chatId>}: the plaintexts this device decrypted or sent, by message id. MLS deletes a message
 *   key once used, so a message can be decrypted once; history is read from here;</li>
 *   <li>{@code contact-<userId>}: a contact's device keys as this device last verified them;</li>
 *   <li>{@code dates-<chatId>}: the date of each kept text, and {@code timers}: each chat's disappearing-message
 *   timer, so texts older than it are forgotten here too;</li>
 *   <li>{@code pending-<chatId>}: an accepted commit of this device that the log has not reached yet;</li>
 *   <li>{@code renewed-<chatId>}: when this device last refreshed its own leaf keys in the chat's group (any of its
 *   commits does), for the scheduled self-update.</li>
 * </ul>
 * Not thread-safe: {@link SecureChats} serialises access.
 */
final class E2eState {
    private static final String DEVICE = "device";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    /** The stored device; byte fields base64. */
    record Device(long userId, long sessionId, long deviceId, String identity, List<String> keyPackages, long pts) {
        Device {
            keyPackages = List.copyOf(keyPackages);
        }

        DeviceIdentity deviceIdentity() {
            return DeviceIdentity.fromBytes(UNB64.decode(identity));
        }

        List<KeyPackageBundle> bundles() {
            return keyPackages.stream().map(b -> KeyPackageBundle.fromBytes(UNB64.decode(b))).toList();
        }

        Device withPts(long value) {
            return new Device(userId, sessionId, deviceId, identity, keyPackages, value);
        }

        Device withBundles(List<KeyPackageBundle> value) {
            return new Device(userId, sessionId, deviceId, identity,
                    value.stream().map(b -> B64.encodeToString(b.toBytes())).toList(), pts);
        }

        static Device of(DeviceIdentity identity, long sessionId, List<KeyPackageBundle> bundles, long pts) {
            return new Device(identity.userId(), sessionId, identity.deviceId(),
                    B64.encodeToString(identity.toBytes()), List.of(), pts).withBundles(bundles);
        }
    }

    private static final TypeReference<TreeMap<Long, String>> PLAINTEXTS = new TypeReference<>() {};
    private static final TypeReference<TreeMap<Long, Long>> LONGS = new TypeReference<>() {};

    private final EncryptedStateStore store;
    private final JsonCodec codec;

    E2eState(EncryptedStateStore store, JsonCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    Optional<Device> device() {
        return read(DEVICE).map(bytes -> codec.bind(codec.readTree(bytes), Device.class));
    }

    void save(Device device) {
        write(DEVICE, codec.writeBytes(device));
    }

    Optional<GroupState> group(long chatId) {
        return read(groupName(chatId)).map(bytes -> {
            try {
                return GroupState.fromBytes(bytes);
            } catch (MlsException e) {
                throw new ParleyException(ErrorCode.INTERNAL, "the stored group of chat " + chatId
                        + " is unreadable: " + e.getMessage());
            }
        });
    }

    void saveGroup(long chatId, GroupState state) {
        write(groupName(chatId), state.toBytes());
    }

    void deleteGroup(long chatId) {
        delete(groupName(chatId));
    }

    Map<Long, String> plaintexts(long chatId) {
        return read(plainName(chatId)).<Map<Long, String>>map(bytes -> {
            try {
                return codec.mapper().readValue(bytes, PLAINTEXTS);
            } catch (java.io.IOException e) {
                throw new ParleyException(ErrorCode.INTERNAL, "the stored plaintexts of chat " + chatId
                        + " are unreadable: " + e.getMessage());
            }
        }).orElseGet(TreeMap::new);
    }

    /** Keeps a decrypted or sent text with its message's date (Unix seconds), which disappearing timers compare. */
    void savePlaintext(long chatId, long messageId, String text, long date) {
        Map<Long, String> all = new TreeMap<>(plaintexts(chatId));
        all.put(messageId, text);
        write(plainName(chatId), codec.writeBytes(all));
        Map<Long, Long> dates = new TreeMap<>(longMap("dates-" + chatId));
        dates.put(messageId, date);
        write("dates-" + chatId, codec.writeBytes(dates));
    }

    /** The chats with a disappearing-message timer and its seconds ({@code timers}). */
    Map<Long, Long> timers() {
        return longMap("timers");
    }

    void saveTimer(long chatId, long seconds) {
        Map<Long, Long> all = new TreeMap<>(timers());
        if (seconds > 0) {
            all.put(chatId, seconds);
        } else {
            all.remove(chatId);
        }
        write("timers", codec.writeBytes(all));
    }

    /** Forgets the texts of the chat's messages dated before {@code cutoff} (Unix seconds). */
    void forgetBefore(long chatId, long cutoff) {
        Map<Long, Long> dates = new TreeMap<>(longMap("dates-" + chatId));
        List<Long> old = dates.entrySet().stream().filter(e -> e.getValue() < cutoff).map(Map.Entry::getKey).toList();
        if (!old.isEmpty()) {
            forgetPlaintexts(chatId, old);
            old.forEach(dates::remove);
            write("dates-" + chatId, codec.writeBytes(dates));
        }
    }

    private Map<Long, Long> longMap(String name) {
        return read(name).<Map<Long, Long>>map(bytes -> {
            try {
                return codec.mapper().readValue(bytes, LONGS);
            } catch (java.io.IOException e) {
                throw new ParleyException(ErrorCode.INTERNAL, "end-to-end state '" + name + "' is unreadable: "
                        + e.getMessage());
            }
        }).orElseGet(TreeMap::new);
    }

    void forgetPlaintexts(long chatId, List<Long> messageIds) {
        Map<Long, String> all = new TreeMap<>(plaintexts(chatId));
        if (all.keySet().removeAll(messageIds)) {
            write(plainName(chatId), codec.writeBytes(all));
        }
    }

    /** A contact's device keys as this device last verified them ({@code contact-<userId>}). */
    record ContactKey(long deviceId, String key) {}

    Optional<List<DeviceKey>> contactKeys(long userId) {
        return read("contact-" + userId).map(bytes -> {
            try {
                List<ContactKey> keys = codec.mapper().readValue(bytes, new TypeReference<List<ContactKey>>() {});
                return keys.stream().map(k -> new DeviceKey(userId, k.deviceId(), UNB64.decode(k.key()))).toList();
            } catch (java.io.IOException e) {
                throw new ParleyException(ErrorCode.INTERNAL, "the stored keys of user " + userId
                        + " are unreadable: " + e.getMessage());
            }
        });
    }

    void saveContactKeys(long userId, List<DeviceKey> keys) {
        write("contact-" + userId, codec.writeBytes(keys.stream()
                .map(k -> new ContactKey(k.deviceId(), B64.encodeToString(k.publicKey()))).toList()));
    }

    /**
     * Our accepted commit of the chat that the log has not reached yet ({@code pending-<chatId>}): its seq and the
     * state it leads to. Messages before it in the log are still of the old epoch, so the new state is adopted only
     * when the log reaches the commit's echo.
     */
    record PendingCommit(long seq, GroupState state) {}

    Optional<PendingCommit> pendingCommit(long chatId) {
        return read("pending-" + chatId).map(bytes -> {
            var in = java.nio.ByteBuffer.wrap(bytes);
            long seq = in.getLong();
            byte[] rest = new byte[in.remaining()];
            in.get(rest);
            try {
                return new PendingCommit(seq, GroupState.fromBytes(rest));
            } catch (MlsException e) {
                throw new ParleyException(ErrorCode.INTERNAL, "the pending commit of chat " + chatId
                        + " is unreadable: " + e.getMessage());
            }
        });
    }

    void savePendingCommit(long chatId, PendingCommit pending) {
        byte[] state = pending.state().toBytes();
        write("pending-" + chatId, java.nio.ByteBuffer.allocate(8 + state.length).putLong(pending.seq()).put(state)
                .array());
    }

    void deletePendingCommit(long chatId) {
        delete("pending-" + chatId);
    }

    Optional<Instant> renewedAt(long chatId) {
        return read("renewed-" + chatId).map(bytes -> Instant.ofEpochSecond(
                Long.parseLong(new String(bytes, StandardCharsets.US_ASCII))));
    }

    void saveRenewedAt(long chatId, Instant at) {
        write("renewed-" + chatId, Long.toString(at.getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
    }

    /** A deleted chat or a removal: the group and what was read in it go. */
    void forgetChat(long chatId) {
        delete(groupName(chatId));
        delete(plainName(chatId));
        delete("renewed-" + chatId);
        delete("pending-" + chatId);
        delete("dates-" + chatId);
        saveTimer(chatId, 0);
    }

    private static String groupName(long chatId) {
        return "group-" + chatId;
    }

    private static String plainName(long chatId) {
        return "plain-" + chatId;
    }

    private Optional<byte[]> read(String name) {
        try {
            return store.read(name);
        } catch (StateStoreException e) {
            throw new ParleyException(ErrorCode.INTERNAL, "end-to-end state '" + name + "': " + e.getMessage());
        }
    }

    private void write(String name, byte[] bytes) {
        try {
            store.write(name, bytes);
        } catch (StateStoreException e) {
            throw new ParleyException(ErrorCode.INTERNAL, "end-to-end state '" + name + "': " + e.getMessage());
        }
    }

    private void delete(String name) {
        try {
            store.delete(name);
        } catch (StateStoreException e) {
            throw new ParleyException(ErrorCode.INTERNAL, "end-to-end state '" + name + "': " + e.getMessage());
        }
    }
}
