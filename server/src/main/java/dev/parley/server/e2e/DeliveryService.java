package dev.parley.server.e2e;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.e2e.E2eMethods.Group;
import dev.parley.protocol.e2e.E2eMethods.HandshakeAccepted;
import dev.parley.protocol.e2e.E2eMethods.PendingWelcome;
import dev.parley.protocol.e2e.E2eMethods.SendHandshake;
import dev.parley.protocol.e2e.E2eMethods.Welcomes;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.mls.MlsFraming;
import dev.parley.protocol.mls.MlsFraming.ContentType;
import dev.parley.protocol.mls.MlsFraming.WireFormat;
import dev.parley.protocol.mls.MlsFramingException;
import dev.parley.protocol.mls.MlsFramingParser;
import dev.parley.protocol.sync.SyncMethods.Affected;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.e2e.DeviceStore.DeviceKey;
import dev.parley.server.e2e.GroupStore.GroupRow;
import dev.parley.server.e2e.GroupStore.HandshakeRow;
import dev.parley.server.e2e.GroupStore.WelcomeRow;
import dev.parley.server.message.MessageService;
import dev.parley.server.sync.Committed;
import dev.parley.server.sync.LogEntry;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.UpdateLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The MLS delivery service for encrypted chats (DESIGN §8). It reads only the cleartext framing of MLS messages
 * (wire format, group id, epoch, content type) and:
 * <ul>
 *   <li>totally orders handshakes per group: the first commit for the group's current epoch wins and advances it;
 *   a later commit for that epoch gets {@code STALE_EPOCH}; proposals for the current epoch are accepted in order;
 *   every accepted handshake is a chat event, so handshakes and application messages share one order (seq);</li>
 *   <li>changes the membership of an encrypted group only together with the commit that adds or removes the people,
 *   in the same transaction, and only if that commit wins its epoch;</li>
 *   <li>stores Welcomes for their recipient devices and announces them in the recipients' update logs;</li>
 *   <li>stores application messages as opaque ciphertext through the messaging core (exactly-once, history, sync,
 *   unread counts), only for the group's current epoch;</li>
 *   <li>erases ciphertext older than a chat's disappearing-message timer.</li>
 * </ul>
 */
public final class DeliveryService {
    public static final Duration WELCOME_MAX_AGE = Duration.ofDays(30);
    static final int GROUP_ID_BYTES = 16;
    private static final int EXPIRE_BATCH = 500;

    private final Database database;
    private final GroupStore store;
    private final DeviceService devices;
    private final ChatService chats;
    private final MessageService messages;
    private final UpdateLog log;
    private final IdGenerator ids;
    private final JsonCodec codec;
    private final SecureRandom random;
    private final Clock clock;

    public DeliveryService(Database database, GroupStore store, DeviceService devices, ChatService chats,
            MessageService messages, UpdateLog log, IdGenerator ids, JsonCodec codec, SecureRandom random,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.devices = devices;
        this.chats = chats;
        this.messages = messages;
        this.log = log;
        this.ids = ids;
        this.codec = codec;
        this.random = random;
        this.clock = clock;
    }

    /** The chat's MLS group; the first call binds a fresh random group id to the chat. */
    public Group getGroup(long userId, long chatId) {
        String fresh = newGroupId();
        GroupRow group = database.read(h -> {
            requireEncrypted(h, chatId, userId);
            return store.find(h, chatId).orElse(null);
        });
        if (group == null) {
            group = database.write(h -> {
                requireEncrypted(h, chatId, userId);
                return store.ensure(h, chatId, fresh);
            });
        }
        return new Group(chatId, group.groupId(), group.epoch(), group.timerSeconds());
    }

    public HandshakeAccepted sendHandshake(long userId, SendHandshake p) {
        MlsFraming framing = framing(p.messageBytes(), "message");
        boolean commit = framing.contentType().orElse(null) == ContentType.COMMIT;
        if (!framing.isHandshake()) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID,
                    "field 'message': not a proposal or commit (application messages go to e2e.sendMessage)");
        }
        if (!commit && (p.welcome() != null || !p.addUserIds().isEmpty() || !p.removeUserIds().isEmpty())) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID,
                    "only a commit carries a welcome or changes the membership");
        }
        if (!p.addUserIds().isEmpty() && p.welcome() == null) {
            throw ParleyException.badRequest("field 'welcome': adding members needs their welcome");
        }
        if (p.welcome() != null && framing(Base64.getDecoder().decode(p.welcome().message()), "welcome.message")
                .wireFormat() != WireFormat.WELCOME) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID, "field 'welcome.message': not a Welcome");
        }
        String fresh = newGroupId();
        long welcomeId = ids.next();
        long now = now();
        Committed<HandshakeAccepted> done = database.write(h -> {
            var earlier = store.handshakeByRandomId(h, p.chatId(), userId, p.randomId());
            if (earlier.isPresent()) {
                HandshakeRow row = earlier.get();
                long epoch = row.epoch() + ("commit".equals(row.contentType()) ? 1 : 0);
                return new Committed<>(new HandshakeAccepted(p.chatId(), row.seq(), epoch, log.pts(h, userId)),
                        Push.none());
            }
            ChatRow chat = requireEncrypted(h, p.chatId(), userId);
            if (chat.isPrivate() && (!p.addUserIds().isEmpty() || !p.removeUserIds().isEmpty())) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "a private chat's members do not change");
            }
            GroupRow group = store.ensure(h, p.chatId(), fresh);
            requireCurrentEpoch(group, framing, commit ? 1 : 0, h);
            String contentType = commit ? "commit" : "proposal";
            String message = p.message();
            List<Push> pushes = new ArrayList<>();
            ChatService.FeatureEvent event = chats.featureEvent(h, p.chatId(), E2eKinds.EVENT_HANDSHAKE,
                    E2eKinds.HANDSHAKE, null, now, (u, seq, pts) -> new Update.E2eHandshake(p.chatId(), seq,
                            framing.epoch(), contentType, userId, message, pts));
            store.insertHandshake(h, new HandshakeRow(p.chatId(), event.seq(), framing.epoch(), contentType, userId,
                    p.randomId(), message, now));
            pushes.addAll(event.pushes());
            for (long removed : p.removeUserIds()) {
                pushes.addAll(chats.removeMember(h, userId, p.chatId(), removed, now));
            }
            for (long added : p.addUserIds()) {
                pushes.addAll(chats.addMember(h, userId, p.chatId(), added, now));
            }
            if (p.welcome() != null) {
                pushes.addAll(storeWelcome(h, p, welcomeId, framing.epoch() + 1, now));
            }
            long pts = new Committed<>(null, pushes).ptsOf(userId).orElseThrow();
            return new Committed<>(new HandshakeAccepted(p.chatId(), event.seq(), framing.epoch() + (commit ? 1 : 0),
                    pts), pushes);
        });
        return chats.publish(done);
    }

    /** Stores an application message (PrivateMessage, content type application) of the group's current epoch. */
    public Sent sendMessage(long userId, long chatId, byte[] ciphertext, String ciphertextBase64, long randomId) {
        MlsFraming framing = framing(ciphertext, "ciphertext");
        if (framing.wireFormat() != WireFormat.PRIVATE_MESSAGE
                || framing.contentType().orElse(null) != ContentType.APPLICATION) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID,
                    "field 'ciphertext': not an application PrivateMessage (handshakes go to e2e.sendHandshake)");
        }
        String fresh = newGroupId();
        return messages.sendEncrypted(userId, chatId, ciphertextBase64, randomId,
                h -> requireCurrentEpoch(store.ensure(h, chatId, fresh), framing, 0, h));
    }

    /** Welcomes waiting for one of the caller's own devices. */
    public Welcomes getWelcomes(long userId, long deviceId) {
        return database.read(h -> {
            devices.requireUserDevice(h, userId, deviceId);
            return new Welcomes(store.welcomesFor(h, userId, deviceId).stream()
                    .map(w -> new PendingWelcome(w.welcomeId(), w.chatId(), w.epoch(), w.message(), w.date()))
                    .toList());
        });
    }

    /** Any member sets the chat's disappearing-message timer (0 turns it off); every member gets e2eTimer. */
    public Affected setTimer(long userId, long chatId, int seconds) {
        String fresh = newGroupId();
        long now = now();
        Committed<?> done = database.write(h -> {
            requireEncrypted(h, chatId, userId);
            store.ensure(h, chatId, fresh);
            store.setTimer(h, chatId, seconds, userId);
            var event = chats.featureEvent(h, chatId, E2eKinds.EVENT_TIMER, E2eKinds.TIMER,
                    new E2eKinds.TimerPayload(seconds, userId), now,
                    (u, seq, pts) -> new Update.E2eTimer(chatId, seconds, userId, pts));
            return new Committed<>(null, event.pushes());
        });
        chats.publish(done);
        long pts = done.ptsOf(userId).orElseGet(() -> database.read(h -> log.pts(h, userId)));
        return new Affected(pts, done.ptsCountOf(userId));
    }

    // ---- housekeeping ----

    /** Erases ciphertext older than each chat's timer; returns how many messages. */
    public int expireMessages() {
        long now = now();
        int expired = 0;
        for (GroupRow group : database.read(store::withTimer)) {
            int n;
            do {
                n = messages.expire(group.chatId(), now - group.timerSeconds(), EXPIRE_BATCH);
                expired += n;
            } while (n == EXPIRE_BATCH);
        }
        return expired;
    }

    /** Drops welcomes nobody fetched in time, and handshakes older than the update logs keep. */
    public int trim(Duration handshakeMaxAge) {
        long now = now();
        return database.write(h -> store.deleteWelcomesBefore(h, now - WELCOME_MAX_AGE.toSeconds())
                + store.deleteHandshakesBefore(h, now - handshakeMaxAge.toSeconds()));
    }

    // ---- internals ----

    private ChatRow requireEncrypted(Handle h, long chatId, long userId) {
        chats.requireMember(h, chatId, userId);
        ChatRow chat = chats.requireChat(h, chatId);
        if (!chat.e2e()) {
            throw new ParleyException(ErrorCode.CHAT_NOT_ENCRYPTED, "this chat is not end-to-end encrypted");
        }
        return chat;
    }

    /**
     * The ordering rule: the message must be for the chat's group and its current epoch. {@code advance} moves the
     * epoch (1 for a commit) in the same statement that proves it is still current, so of two commits for one epoch
     * exactly one advances it and the other is stale.
     */
    private void requireCurrentEpoch(GroupRow group, MlsFraming framing, int advance, Handle h) {
        if (!Arrays.equals(Base64.getDecoder().decode(group.groupId()), framing.groupId())) {
            throw new ParleyException(ErrorCode.MLS_GROUP_MISMATCH, "the message is for another MLS group");
        }
        if (framing.epoch() < group.epoch()) {
            throw new ParleyException(ErrorCode.STALE_EPOCH,
                    "epoch " + framing.epoch() + " is over; the group is at epoch " + group.epoch());
        }
        if (framing.epoch() > group.epoch()) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID,
                    "epoch " + framing.epoch() + " is ahead of the group's epoch " + group.epoch());
        }
        if (!store.advance(h, group.chatId(), group.epoch(), advance)) {
            throw new ParleyException(ErrorCode.STALE_EPOCH, "another commit won epoch " + group.epoch());
        }
    }

    /** Stores the welcome once and tells each recipient user (for their listed devices). */
    private List<Push> storeWelcome(Handle h, SendHandshake p, long welcomeId, long epoch, long now) {
        List<DeviceKey> recipients = devices.requireDevices(h, p.welcome().deviceIds());
        Set<Long> members = new HashSet<>(chats.memberIds(h, p.chatId()));
        Map<Long, List<Long>> byUser = new LinkedHashMap<>();
        for (DeviceKey device : recipients) {
            if (!members.contains(device.userId())) {
                throw new ParleyException(ErrorCode.USER_NOT_MEMBER,
                        "device " + device.deviceId() + " belongs to a user who is not a member");
            }
            byUser.computeIfAbsent(device.userId(), u -> new ArrayList<>()).add(device.deviceId());
        }
        for (long added : p.addUserIds()) {
            if (!byUser.containsKey(added)) {
                throw ParleyException.badRequest("field 'welcome.deviceIds': no device of added user " + added);
            }
        }
        store.insertWelcome(h, new WelcomeRow(welcomeId, p.chatId(), epoch, p.welcome().message(), now), recipients);
        List<LogEntry> entries = new ArrayList<>();
        byUser.forEach((user, deviceIds) -> entries.add(new LogEntry(user, E2eKinds.WELCOME, p.chatId(), null,
                codec.write(new E2eKinds.WelcomePayload(welcomeId, deviceIds)),
                pts -> new Update.E2eWelcome(p.chatId(), welcomeId, deviceIds, epoch, p.welcome().message(), pts))));
        return log.append(h, now, entries);
    }

    private static MlsFraming framing(byte[] bytes, String field) {
        try {
            return MlsFramingParser.parse(bytes);
        } catch (MlsFramingException e) {
            throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID, "field '" + field + "': " + e.getMessage());
        }
    }

    private String newGroupId() {
        byte[] id = new byte[GROUP_ID_BYTES];
        random.nextBytes(id);
        return Base64.getEncoder().encodeToString(id);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
