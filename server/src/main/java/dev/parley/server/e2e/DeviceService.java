package dev.parley.server.e2e;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.e2e.E2eMethods;
import dev.parley.protocol.e2e.E2eMethods.ClaimedKeyPackage;
import dev.parley.protocol.e2e.E2eMethods.ClaimedKeyPackages;
import dev.parley.protocol.e2e.E2eMethods.Device;
import dev.parley.protocol.e2e.E2eMethods.DeviceRegistered;
import dev.parley.protocol.e2e.E2eMethods.Devices;
import dev.parley.protocol.e2e.E2eMethods.KeyPackageCount;
import dev.parley.protocol.e2e.E2eMethods.UserDevices;
import dev.parley.protocol.mls.MlsFraming;
import dev.parley.protocol.mls.MlsFramingException;
import dev.parley.protocol.mls.MlsFramingParser;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.e2e.DeviceStore.DeviceKey;
import dev.parley.server.sync.Committed;
import dev.parley.server.sync.LogEntry;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.UpdateLog;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The device directory and key packages. A device is the MLS identity of one session: registering a key gives the
 * session a device id (once) and appends a key row (every key change is a new row, so the history stays). Contacts
 * who share an encrypted chat learn of any change through an {@code e2eDevicesChanged} update. Key packages are
 * uploaded by the device itself and handed out one per claim; the last-resort package is reused when none is left.
 */
public final class DeviceService {
    /** Unclaimed one-time key packages a device may hold. */
    public static final int MAX_PACKAGES_PER_DEVICE = 200;
    private static final int CREDENTIAL_VERSION = 1;
    /** A claim that loses a race for a package (PostgreSQL) tries the next one; each try consumes a package. */
    private static final int CLAIM_TRIES = 8;

    private final Database database;
    private final DeviceStore store;
    private final ChatService chats;
    private final ContactsService contacts;
    private final LiveSessions sessions;
    private final UpdateLog log;
    private final IdGenerator ids;
    private final JsonCodec codec;
    private final Clock clock;

    public DeviceService(Database database, DeviceStore store, ChatService chats, ContactsService contacts,
            LiveSessions sessions, UpdateLog log, IdGenerator ids, JsonCodec codec, Clock clock) {
        this.database = database;
        this.store = store;
        this.chats = chats;
        this.contacts = contacts;
        this.sessions = sessions;
        this.log = log;
        this.ids = ids;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * Registers the session's device key. The same key again changes nothing; a different key is a new key version of
     * the same device (a visible key change for every contact).
     */
    public DeviceRegistered register(long userId, long sessionId, String identityKeyBase64) {
        // Canonical base64, so the same key always compares equal however the client padded or encoded it.
        String identityKey = Base64.getEncoder().encodeToString(Base64.getDecoder().decode(identityKeyBase64));
        long now = now();
        long newDeviceId = ids.next();
        return chats.publish(database.write(h -> {
            Optional<DeviceKey> current = store.ofSession(h, userId, sessionId);
            if (current.isPresent() && current.get().identityKey().equals(identityKey)) {
                return new Committed<>(registered(current.get()), Push.none());
            }
            DeviceKey key = current
                    .map(c -> new DeviceKey(userId, c.deviceId(), c.keyVersion() + 1, sessionId, identityKey, now))
                    .orElse(new DeviceKey(userId, newDeviceId, 1, sessionId, identityKey, now));
            store.insertKey(h, key);
            return new Committed<>(registered(key), devicesChanged(h, userId, now));
        }));
    }

    public Devices getDevices(List<Long> userIds) {
        Map<Long, Set<Long>> live = sessions.of(userIds);
        return database.read(h -> {
            Map<Long, List<DeviceKey>> byUser = store.currentDevices(h, userIds).stream()
                    .filter(k -> isLive(live, k))
                    .collect(Collectors.groupingBy(DeviceKey::userId));
            List<UserDevices> users = new ArrayList<>(userIds.size());
            for (long userId : userIds) {
                List<Device> devices = byUser.getOrDefault(userId, List.of()).stream()
                        .map(k -> new Device(k.deviceId(), k.identityKey(), credential(k), k.keyVersion(),
                                k.createdAt()))
                        .toList();
                users.add(new UserDevices(userId, devices, store.keyChangedAt(h, userId)));
            }
            return new Devices(users);
        });
    }

    /** Adds key packages for the caller's own session device; each must be an MLSMessage of wire format key_package. */
    public KeyPackageCount upload(long userId, long sessionId, long deviceId, List<String> packages,
            String lastResort) {
        packages.forEach(p -> requireKeyPackage(p, "keyPackages[]"));
        if (lastResort != null) {
            requireKeyPackage(lastResort, "lastResort");
        }
        List<Long> packageIds = packages.stream().map(p -> ids.next()).toList();
        long lastResortId = ids.next();
        long now = now();
        return database.write(h -> {
            requireOwnDevice(h, userId, sessionId, deviceId);
            int held = store.countOneTime(h, userId, deviceId);
            if (held + packages.size() > MAX_PACKAGES_PER_DEVICE) {
                throw new ParleyException(ErrorCode.KEY_PACKAGE_LIMIT_REACHED, "a device holds at most "
                        + MAX_PACKAGES_PER_DEVICE + " key packages; it has " + held);
            }
            store.insertPackages(h, userId, deviceId, packageIds, packages, false, now);
            if (lastResort != null) {
                store.deleteLastResort(h, userId, deviceId);
                store.insertPackages(h, userId, deviceId, List.of(lastResortId), List.of(lastResort), true, now);
            }
            return new KeyPackageCount(deviceId, held + packages.size(), store.hasLastResort(h, userId, deviceId));
        });
    }

    public KeyPackageCount count(long userId, long sessionId, long deviceId) {
        return database.read(h -> {
            requireOwnDevice(h, userId, sessionId, deviceId);
            return new KeyPackageCount(deviceId, store.countOneTime(h, userId, deviceId),
                    store.hasLastResort(h, userId, deviceId));
        });
    }

    /**
     * One key package per current device of each user, for adding them to the chat's group. The caller must be a
     * member of the encrypted chat; each user must be a member too, the caller (its other devices), or someone the
     * caller may add to the group. The calling session's own device is never claimed.
     */
    public ClaimedKeyPackages claim(long userId, long sessionId, long chatId, List<Long> userIds) {
        Map<Long, Set<Long>> live = sessions.of(userIds);
        return database.write(h -> {
            MemberRow me = chats.requireMember(h, chatId, userId);
            ChatRow chat = chats.requireChat(h, chatId);
            if (!chat.e2e()) {
                throw new ParleyException(ErrorCode.CHAT_NOT_ENCRYPTED, "this chat is not end-to-end encrypted");
            }
            Set<Long> members = new HashSet<>(chats.memberIds(h, chatId));
            for (long target : userIds) {
                if (members.contains(target)) {
                    continue;
                }
                if (chat.isPrivate() || !me.role().canManage()) {
                    throw new ParleyException(ErrorCode.USER_NOT_MEMBER,
                            "user " + target + " is not a member, and you cannot add members to this chat");
                }
                contacts.requireUser(target);
                if (contacts.blocked(h, target, userId)) {
                    throw new ParleyException(ErrorCode.USER_BLOCKED, "this user does not accept you");
                }
            }
            Optional<Long> ownDevice = store.ofSession(h, userId, sessionId).map(DeviceKey::deviceId);
            List<ClaimedKeyPackage> claimed = new ArrayList<>();
            for (DeviceKey device : store.currentDevices(h, userIds)) {
                if (ownDevice.isPresent() && ownDevice.get() == device.deviceId() || !isLive(live, device)) {
                    continue;
                }
                claimOne(h, device).ifPresent(claimed::add);
            }
            return new ClaimedKeyPackages(claimed);
        });
    }

    private Optional<ClaimedKeyPackage> claimOne(Handle h, DeviceKey device) {
        for (int i = 0; i < CLAIM_TRIES; i++) {
            Optional<String> taken = store.takeOneTime(h, device.userId(), device.deviceId());
            if (taken.isPresent()) {
                return Optional.of(new ClaimedKeyPackage(device.userId(), device.deviceId(), taken.get(), false));
            }
            if (store.countOneTime(h, device.userId(), device.deviceId()) == 0) {
                break;
            }
        }
        return store.lastResort(h, device.userId(), device.deviceId())
                .map(p -> new ClaimedKeyPackage(device.userId(), device.deviceId(), p, true));
    }

    // ---- for the delivery service ----

    /** The current keys of the given device ids; DEVICE_NOT_FOUND if any is unknown. */
    List<DeviceKey> requireDevices(Handle h, List<Long> deviceIds) {
        List<DeviceKey> found = store.devicesById(h, deviceIds);
        Set<Long> known = found.stream().map(DeviceKey::deviceId).collect(Collectors.toSet());
        List<Long> missing = deviceIds.stream().filter(d -> !known.contains(d)).toList();
        if (!missing.isEmpty()) {
            throw new ParleyException(ErrorCode.DEVICE_NOT_FOUND, "no devices " + missing);
        }
        return found;
    }

    /** One of the caller's devices (any session of theirs); another user's device is DEVICE_NOT_FOUND. */
    DeviceKey requireUserDevice(Handle h, long userId, long deviceId) {
        return store.device(h, userId, deviceId)
                .orElseThrow(() -> new ParleyException(ErrorCode.DEVICE_NOT_FOUND, "device not found"));
    }

    // ---- internals ----

    private static boolean isLive(Map<Long, Set<Long>> live, DeviceKey device) {
        return live.getOrDefault(device.userId(), Set.of()).contains(device.sessionId());
    }

    /** Only the session that registered a device manages its key packages: they hold that device's secrets. */
    private void requireOwnDevice(Handle h, long userId, long sessionId, long deviceId) {
        store.ofSession(h, userId, sessionId).filter(d -> d.deviceId() == deviceId)
                .orElseThrow(() -> new ParleyException(ErrorCode.DEVICE_NOT_FOUND,
                        "device " + deviceId + " is not this session's device"));
    }

    private static void requireKeyPackage(String base64, String field) {
        MlsFraming framing;
        try {
            framing = MlsFramingParser.parse(Base64.getDecoder().decode(base64));
        } catch (MlsFramingException e) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID, "field '" + field + "': " + e.getMessage());
        }
        if (framing.wireFormat() != MlsFraming.WireFormat.KEY_PACKAGE) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID,
                    "field '" + field + "': a " + framing.wireFormat() + " is not a key package");
        }
    }

    /** The user and everyone sharing an encrypted chat with them get an e2eDevicesChanged update. */
    private List<Push> devicesChanged(Handle h, long userId, long now) {
        Set<Long> audience = new TreeSet<>();
        audience.add(userId);
        for (ChatRow chat : chats.existing(h, chats.chatIdsOf(h, userId))) {
            if (chat.e2e()) {
                audience.addAll(chats.memberIds(h, chat.chatId()));
            }
        }
        String payload = codec.write(new E2eKinds.DevicesPayload(userId, now));
        List<LogEntry> entries = audience.stream()
                .map(u -> new LogEntry(u, E2eKinds.DEVICES_CHANGED, E2eKinds.NO_CHAT, null, payload,
                        pts -> new Update.E2eDevicesChanged(userId, now, pts)))
                .toList();
        return log.append(h, now, entries);
    }

    private static DeviceRegistered registered(DeviceKey key) {
        return new DeviceRegistered(key.deviceId(), credential(key), key.keyVersion());
    }

    /** The 49-byte MLS credential identity: version 1, user id, device id, raw Ed25519 key (docs/SECURITY.md). */
    static String credential(DeviceKey key) {
        byte[] publicKey = Base64.getDecoder().decode(key.identityKey());
        byte[] encoded = ByteBuffer.allocate(1 + 8 + 8 + E2eMethods.IDENTITY_KEY_BYTES).put((byte) CREDENTIAL_VERSION)
                .putLong(key.userId()).putLong(key.deviceId()).put(publicKey).array();
        return Base64.getEncoder().encodeToString(encoded);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
