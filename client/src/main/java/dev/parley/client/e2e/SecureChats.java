package dev.parley.client.e2e;

import dev.parley.client.Messages;
import dev.parley.client.ParleyClient;
import dev.parley.crypto.identity.DeviceKey;
import dev.parley.crypto.identity.KeyChangeDetector;
import dev.parley.crypto.identity.SafetyNumber;
import dev.parley.crypto.mls.BcMlsEngine;
import dev.parley.crypto.mls.MlsEngine;
import dev.parley.crypto.mls.MlsException;
import dev.parley.crypto.mls.Protected;
import dev.parley.crypto.store.EncryptedStateStore;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.chat.ChatMethods.ChatCreated;
import dev.parley.protocol.e2e.E2eMethods.HandshakeAccepted;
import dev.parley.protocol.e2e.E2eMethods.UserDevices;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Sent;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End-to-end encrypted chats for one device (docs/protocol/e2e.md, "Client algorithm"): the MLS client on top of the
 * server's delivery service. Obtained from {@link ParleyClient#enableE2e}; every method may be called from any
 * thread (they are serialised, because each MLS step consumes the state the previous one produced).
 *
 * <ul>
 *   <li><b>Device.</b> The first time, a device key is generated and registered, and key packages are uploaded;
 *   later the stored device is reused and key packages are topped up ({@link DeviceSetup}).</li>
 *   <li><b>Groups.</b> A chat's MLS group is created by whichever member first needs it, with a commit adding every
 *   current device of every member; before each send the roster is reconciled with the device directory, and the
 *   device refreshes its own keys on a schedule ({@link GroupRoster}).</li>
 *   <li><b>Order.</b> Handshakes, welcomes and ciphertexts are applied in the update log's order, from this
 *   device's own cursor (kept with the state), so the application's sync position is independent of it
 *   ({@link LogApplier}).</li>
 * </ul>
 */
public final class SecureChats {
    private static final int ATTEMPTS = 3;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    /** What an application message carries inside MLS (UTF-8 JSON), so fields can be added later. */
    record Payload(String text) {}

    private final ParleyClient client;
    private final E2e e2e;
    private final MlsEngine engine;
    private final E2eState state;
    private final JsonCodec codec;
    private final Map<Long, Boolean> encrypted = new ConcurrentHashMap<>();
    private final LogApplier log;
    private final GroupRoster roster;

    private SecureChats(ParleyClient client, E2eState state, JsonCodec codec, SecureRandom random, Clock clock) {
        this.client = client;
        this.e2e = new E2e(client);
        this.engine = new BcMlsEngine(random);
        this.state = state;
        this.codec = codec;
        E2eState.Device device = new DeviceSetup(client, e2e, engine, state, random).open();
        this.log = new LogApplier(client, e2e, engine, state, codec, encrypted, device, clock);
        this.roster = new GroupRoster(client, e2e, engine, state, log, clock);
    }

    /**
     * Opens this session's end-to-end state in {@code store}, registering the device and uploading key packages
     * the first time. The store belongs to one session: a new login needs a fresh (empty) store.
     */
    public static SecureChats open(ParleyClient client, EncryptedStateStore store, SecureRandom random) {
        return open(client, store, random, Clock.systemUTC());
    }

    /** {@link #open(ParleyClient, EncryptedStateStore, SecureRandom)} with the clock that schedules self-updates. */
    public static SecureChats open(ParleyClient client, EncryptedStateStore store, SecureRandom random, Clock clock) {
        JsonCodec codec = new JsonCodec();
        return new SecureChats(client, new E2eState(store, codec), codec, random, clock);
    }

    /** This device's id in the directory. */
    public long deviceId() {
        return log.deviceId();
    }

    // ---- chats ------------------------------------------------------------------------------------------------

    /** {@code chats.createPrivate} asking for an encrypted chat (an existing chat with the user is returned as is). */
    public Chat createPrivate(long userId) {
        Chat chat = client.call(ChatMethods.CREATE_PRIVATE, new ChatMethods.CreatePrivate(userId, true),
                ChatMethods.ChatResult.class).chat();
        encrypted.put(chat.chatId(), chat.e2e());
        return chat;
    }

    /** An encrypted group: created with the caller alone, then the members are committed into it. */
    public ChatCreated createGroup(String title, List<Long> memberIds) {
        ChatCreated created = client.call(ChatMethods.CREATE_GROUP, new ChatMethods.CreateGroup(title, List.of(), true),
                ChatCreated.class);
        long chatId = created.chat().chatId();
        encrypted.put(chatId, true);
        List<Long> others = memberIds.stream().filter(id -> id != log.identity().userId()).distinct().toList();
        if (!others.isEmpty()) {
            synchronized (this) {
                // The group's first commit adds them: it creates the MLS group and the chat's membership at once.
                roster.ensureGroup(chatId, others);
            }
        }
        return new ChatCreated(client.chats().get(chatId), created.pts());
    }

    /** Adds someone to an encrypted group with the commit that adds their devices (owner and admins). */
    public synchronized HandshakeAccepted addMember(long chatId, long userId) {
        log.catchUp();
        Optional<HandshakeAccepted> founding = roster.ensureGroup(chatId, List.of(userId));
        return founding.orElseGet(() -> roster.addUsers(chatId, List.of(userId)));
    }

    /** Removes someone from an encrypted group with the commit that removes their devices. */
    public synchronized HandshakeAccepted removeMember(long chatId, long userId) {
        log.catchUp();
        roster.ensureGroup(chatId, List.of());
        return roster.removeUser(chatId, userId);
    }

    /** Whether this device holds the chat's MLS group (joined, and not removed since). */
    public synchronized boolean hasGroup(long chatId) {
        return state.group(chatId).isPresent();
    }

    /** Whether the chat is end-to-end encrypted (fixed at creation, so remembered). */
    public boolean isEncrypted(long chatId) {
        return encrypted.computeIfAbsent(chatId, id -> client.chats().get(id).e2e());
    }

    /** The chat's MLS epoch on this device (each accepted commit is one epoch). */
    public synchronized long epoch(long chatId) {
        return roster.group(chatId).epoch();
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    /**
     * Encrypts and sends a text message, exactly once. Catches up first, creates the chat's group if nobody has,
     * adds or removes devices so that exactly the members' current devices can read it, and refreshes this device's
     * keys when they are due. A send that loses a race with a commit ({@code STALE_EPOCH}) catches up and encrypts
     * again.
     */
    public synchronized Sent send(long chatId, String text) {
        log.catchUp();
        roster.ensureGroup(chatId, List.of());
        roster.reconcile(chatId);
        roster.renewIfDue(chatId);
        byte[] payload = codec.writeBytes(new Payload(text));
        long randomId = Messages.newRandomId();
        for (int attempt = 1; ; attempt++) {
            Protected sealed = mls(() -> engine.protect(roster.group(chatId), payload));
            // Saved before sending: a ratchet position is never used twice, even if this send fails.
            state.saveGroup(chatId, sealed.state());
            try {
                Sent sent = e2e.sendMessage(chatId, B64.encodeToString(sealed.message()), randomId);
                state.savePlaintext(chatId, sent.message().id(), text,
                        sent.message().date() == null ? 0 : sent.message().date());
                return new Sent(withText(sent.message(), text), sent.pts());
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.STALE_EPOCH || attempt == ATTEMPTS) {
                    throw e;
                }
                log.catchUp();
            }
        }
    }

    /** The message with its decrypted text, if this device could read it; other messages are returned as they are. */
    public synchronized Message reveal(Message message) {
        if (message.ciphertext() == null || Boolean.TRUE.equals(message.deleted())) {
            return message;
        }
        String text = state.plaintexts(message.chatId()).get(message.id());
        if (text == null) {
            log.catchUp();
            text = state.plaintexts(message.chatId()).get(message.id());
        }
        if (text != null && log.expired(message.chatId(), message.date())) {
            // Past the chat's disappearing-message timer: forgotten here even before the server deletes it.
            log.expireTexts();
            return withText(message, "");
        }
        return text == null ? message : withText(message, text);
    }

    /**
     * {@code e2e.setTimer}: messages of the chat disappear after {@code seconds} (0 turns it off), on every member's
     * devices and on the server.
     */
    public synchronized void setTimer(long chatId, int seconds) {
        e2e.setTimer(chatId, seconds);
        log.catchUp();
    }

    /**
     * A safety number to compare with {@code userId}'s, their current device keys, and whether those keys changed
     * since the last verification on this device (added, removed or replaced devices change the number).
     */
    public record Verification(SafetyNumber safetyNumber, List<DeviceKey> theirKeys, boolean changed) {}

    /**
     * The safety number of this user and {@code userId} over both users' current device keys; remembers their keys,
     * so the next verification says whether they changed.
     */
    public synchronized Verification verify(long userId) {
        long me = log.identity().userId();
        if (userId == me) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "a safety number is between two different users");
        }
        List<UserDevices> both = e2e.getDevices(List.of(me, userId));
        List<DeviceKey> mine = keys(both.get(0));
        List<DeviceKey> theirs = keys(both.get(1));
        if (theirs.isEmpty()) {
            throw new ParleyException(ErrorCode.DEVICE_NOT_FOUND, "user " + userId + " has no device keys yet");
        }
        Optional<List<DeviceKey>> seen = state.contactKeys(userId);
        boolean changed = seen.isPresent() && KeyChangeDetector.compare(seen.get(), theirs).changesSafetyNumber();
        state.saveContactKeys(userId, theirs);
        return new Verification(SafetyNumber.of(mine, theirs), theirs, changed);
    }

    private static List<DeviceKey> keys(UserDevices user) {
        return user.devices().stream()
                .map(d -> new DeviceKey(user.userId(), d.deviceId(), UNB64.decode(d.identityKey()))).toList();
    }

    /** Applies every update since this device's cursor: welcomes, handshakes and ciphertexts, in log order. */
    public synchronized void catchUp() {
        log.catchUp();
    }

    static Message withText(Message m, String text) {
        return new Message(m.chatId(), m.id(), m.senderId(), m.out(), m.date(), text, m.entities(), m.replyToId(),
                m.forward(), m.editDate(), m.deleted(), m.silent(), m.authorSignature(), m.ciphertext());
    }

    /** An MLS step; its failure means a bug or corrupt local state, never something the user can fix by retrying. */
    static <T> T mls(MlsStep<T> step) {
        try {
            return step.run();
        } catch (MlsException e) {
            throw new ParleyException(ErrorCode.INTERNAL, "MLS: " + e.getMessage());
        }
    }

    @FunctionalInterface
    interface MlsStep<T> {
        T run() throws MlsException;
    }
}
