package dev.parley.client.e2e;

import dev.parley.client.Messages;
import dev.parley.client.ParleyClient;
import dev.parley.crypto.identity.DeviceCredential;
import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.crypto.identity.DeviceKey;
import dev.parley.crypto.identity.KeyChangeDetector;
import dev.parley.crypto.identity.SafetyNumber;
import dev.parley.crypto.mls.BcMlsEngine;
import dev.parley.crypto.mls.CommitResult;
import dev.parley.crypto.mls.GroupState;
import dev.parley.crypto.mls.HandshakeOutcome;
import dev.parley.crypto.mls.JoinResult;
import dev.parley.crypto.mls.Member;
import dev.parley.crypto.mls.MlsEngine;
import dev.parley.crypto.mls.MlsException;
import dev.parley.crypto.mls.Protected;
import dev.parley.crypto.mls.Unprotected;
import dev.parley.crypto.store.EncryptedStateStore;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.chat.ChatMethods.ChatCreated;
import dev.parley.protocol.e2e.E2eMethods;
import dev.parley.protocol.e2e.E2eMethods.ClaimedKeyPackage;
import dev.parley.protocol.e2e.E2eMethods.Device;
import dev.parley.protocol.e2e.E2eMethods.HandshakeAccepted;
import dev.parley.protocol.e2e.E2eMethods.UserDevices;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.sync.SyncMethods;
import dev.parley.protocol.sync.SyncMethods.Difference;
import dev.parley.protocol.sync.Update;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end encrypted chats for one device (docs/protocol/e2e.md, "Client algorithm"): the MLS client on top of the
 * server's delivery service. Obtained from {@link ParleyClient#enableE2e}; every method may be called from any
 * thread (they are serialised, because each MLS step consumes the state the previous one produced).
 *
 * <ul>
 *   <li><b>Device.</b> The first time, a device key is generated and registered, and key packages are uploaded;
 *   later the stored device is reused and key packages are topped up ({@link DeviceSetup}).</li>
 *   <li><b>Groups.</b> A chat's MLS group is created by whichever member first needs it, with a commit adding every
 *   current device of every member; a creator that loses that race joins the winner's group by its Welcome. Before
 *   each send the roster is reconciled with the device directory: new devices of members are added, devices of
 *   people who left or of signed-out sessions are removed.</li>
 *   <li><b>Order.</b> Handshakes, welcomes and ciphertexts are applied in the update log's order, from this
 *   device's own cursor (kept with the state), so the application's sync position is independent of it.</li>
 * </ul>
 */
public final class SecureChats {
    private static final int ATTEMPTS = 3;
    private static final int PAGE = SyncMethods.DIFFERENCE_PAGE_MAX;
    private static final Logger log = LoggerFactory.getLogger(SecureChats.class);
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    /** What an application message carries inside MLS (UTF-8 JSON), so fields can be added later. */
    record Payload(String text) {}

    private final ParleyClient client;
    private final E2e e2e;
    private final MlsEngine engine;
    private final E2eState state;
    private final JsonCodec codec;
    private final SecureRandom random;
    private final Map<Long, Boolean> encrypted = new ConcurrentHashMap<>();
    private E2eState.Device device;
    private DeviceIdentity identity;

    private SecureChats(ParleyClient client, E2eState state, JsonCodec codec, SecureRandom random) {
        this.client = client;
        this.e2e = new E2e(client);
        this.engine = new BcMlsEngine(random);
        this.state = state;
        this.codec = codec;
        this.random = random;
    }

    /**
     * Opens this session's end-to-end state in {@code store}, registering the device and uploading key packages
     * the first time. The store belongs to one session: a new login needs a fresh (empty) store.
     */
    public static SecureChats open(ParleyClient client, EncryptedStateStore store, SecureRandom random) {
        SecureChats chats = new SecureChats(client, new E2eState(store, new JsonCodec()), new JsonCodec(), random);
        chats.start();
        return chats;
    }

    private synchronized void start() {
        device = new DeviceSetup(client, e2e, engine, state, random).open();
        identity = device.deviceIdentity();
    }

    /** This device's id in the directory. */
    public long deviceId() {
        return device.deviceId();
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
        List<Long> others = memberIds.stream().filter(id -> id != identity.userId()).distinct().toList();
        if (!others.isEmpty()) {
            synchronized (this) {
                // The group's first commit adds them: it creates the MLS group and the chat's membership at once.
                ensureGroup(chatId, others);
            }
        }
        return new ChatCreated(client.chats().get(chatId), created.pts());
    }

    /** Adds someone to an encrypted group with the commit that adds their devices (owner and admins). */
    public synchronized HandshakeAccepted addMember(long chatId, long userId) {
        catchUp();
        Optional<HandshakeAccepted> founding = ensureGroup(chatId, List.of(userId));
        return founding.orElseGet(() -> retried(() -> addUsers(chatId, List.of(userId), List.of(userId))));
    }

    /** Removes someone from an encrypted group with the commit that removes their devices. */
    public synchronized HandshakeAccepted removeMember(long chatId, long userId) {
        catchUp();
        ensureGroup(chatId, List.of());
        return retried(() -> {
            GroupState group = group(chatId);
            List<Integer> leaves = mls(() -> engine.members(group)).stream()
                    .filter(m -> m.credential().userId() == userId).map(Member::leafIndex).toList();
            // Membership changes only with a commit: without devices to remove, an empty one carries the change.
            CommitResult commit = mls(() -> leaves.isEmpty() ? engine.selfUpdate(group)
                    : engine.removeMembers(group, leaves));
            return commit(chatId, commit, List.of(), List.of(), List.of(userId));
        });
    }

    /** Whether this device holds the chat's MLS group (joined, and not removed since). */
    public synchronized boolean hasGroup(long chatId) {
        return state.group(chatId).isPresent();
    }

    /** Whether the chat is end-to-end encrypted (fixed at creation, so remembered). */
    public boolean isEncrypted(long chatId) {
        return encrypted.computeIfAbsent(chatId, id -> client.chats().get(id).e2e());
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    /**
     * Encrypts and sends a text message, exactly once. Catches up first, creates the chat's group if nobody has,
     * and adds or removes devices so that exactly the members' current devices can read it. A send that loses a
     * race with a commit ({@code STALE_EPOCH}) catches up and encrypts again.
     */
    public synchronized Sent send(long chatId, String text) {
        catchUp();
        ensureGroup(chatId, List.of());
        reconcile(chatId);
        byte[] payload = codec.writeBytes(new Payload(text));
        long randomId = Messages.newRandomId();
        for (int attempt = 1; ; attempt++) {
            Protected sealed = mls(() -> engine.protect(group(chatId), payload));
            // Saved before sending: a ratchet position is never used twice, even if this send fails.
            state.saveGroup(chatId, sealed.state());
            try {
                Sent sent = e2e.sendMessage(chatId, B64.encodeToString(sealed.message()), randomId);
                state.savePlaintext(chatId, sent.message().id(), text);
                return new Sent(withText(sent.message(), text), sent.pts());
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.STALE_EPOCH || attempt == ATTEMPTS) {
                    throw e;
                }
                catchUp();
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
            catchUp();
            text = state.plaintexts(message.chatId()).get(message.id());
        }
        return text == null ? message : withText(message, text);
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
        if (userId == identity.userId()) {
            throw new ParleyException(ErrorCode.PEER_INVALID, "a safety number is between two different users");
        }
        List<UserDevices> both = e2e.getDevices(List.of(identity.userId(), userId));
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

    // ---- applying the log -------------------------------------------------------------------------------------

    /** Applies every update since this device's cursor: welcomes, handshakes and ciphertexts, in log order. */
    public synchronized void catchUp() {
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
                return;
            }
        }
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
            Payload payload = codec.bind(codec.readTree(opened.plaintext()), Payload.class);
            state.savePlaintext(message.chatId(), message.id(), payload.text());
        } catch (MlsException | ParleyException e) {
            log.warn("cannot decrypt message {} of chat {}: {}", message.id(), message.chatId(), e.getMessage());
        }
    }

    // ---- the group and its roster -----------------------------------------------------------------------------

    private GroupState group(long chatId) {
        return state.group(chatId).orElseThrow(() -> notJoined(chatId));
    }

    private static ParleyException notJoined(long chatId) {
        return new ParleyException(ErrorCode.E2E_HANDSHAKE_REQUIRED, "this device is not in the encrypted group of "
                + "chat " + chatId + " yet: a member adds it when they next send");
    }

    /**
     * The chat's group on this device, created if no member has created it yet: its first commit adds every device
     * of the members (and of {@code addUserIds}, who join the chat with it) and claims the group on the server
     * (epoch 0 → 1), so two members creating it at once cannot both succeed; the loser gets {@code STALE_EPOCH},
     * drops its own and joins the winner's by its Welcome. A group that would hold this device alone is not created
     * (bcmls cannot commit in it, and nobody could read it): {@code DEVICE_NOT_FOUND}. Returns the founding commit
     * if this call made it.
     */
    private Optional<HandshakeAccepted> ensureGroup(long chatId, List<Long> addUserIds) {
        if (state.group(chatId).isPresent()) {
            return Optional.empty();
        }
        E2eMethods.Group group = e2e.getGroup(chatId);
        encrypted.put(chatId, true);
        if (group.epoch() == 0) {
            GroupState created = mls(() -> engine.createGroup(identity, UNB64.decode(group.groupId())));
            try {
                List<Long> users = new ArrayList<>(memberIds(chatId));
                addUserIds.stream().filter(u -> !users.contains(u)).forEach(users::add);
                HandshakeAccepted founded = addDevices(chatId, created, users, addUserIds);
                if (founded == null) {
                    throw new ParleyException(ErrorCode.DEVICE_NOT_FOUND, "nobody else in chat " + chatId
                            + " has a device that can read encrypted messages yet");
                }
                return Optional.of(founded);
            } catch (ParleyException e) {
                // Never keep a group the server has not accepted: it would fork from the group that wins.
                state.deleteGroup(chatId);
                if (e.code() != ErrorCode.STALE_EPOCH) {
                    throw e;
                }
                catchUp();
            }
        }
        if (state.group(chatId).isEmpty()) {
            e2e.getWelcomes(device.deviceId()).stream().filter(w -> w.chatId() == chatId)
                    .forEach(w -> welcome(chatId, w.welcomeId(), List.of(device.deviceId()), w.epoch(), w.message()));
        }
        group(chatId);
        return Optional.empty();
    }

    /** Adds the members' devices missing from the roster and removes the devices that should no longer read it. */
    private void reconcile(long chatId) {
        retried(() -> {
            GroupState current = group(chatId);
            List<Long> members = memberIds(chatId);
            addDevices(chatId, current, members, List.of());
            current = group(chatId);
            Set<Long> listed = new HashSet<>();
            devicesOf(members).forEach(u -> u.devices().forEach(d -> listed.add(d.deviceId())));
            GroupState group = current;
            List<Integer> gone = mls(() -> engine.members(group)).stream()
                    .filter(m -> m.leafIndex() != group.leafIndex())
                    .filter(m -> !members.contains(m.credential().userId())
                            || !listed.contains(m.credential().deviceId()))
                    .map(Member::leafIndex).toList();
            if (!gone.isEmpty()) {
                commit(chatId, mls(() -> engine.removeMembers(group, gone)), List.of(), List.of(), List.of());
            }
            return null;
        });
    }

    /** Adds {@code userIds} as members (and their devices) with one commit. */
    private HandshakeAccepted addUsers(long chatId, List<Long> userIds, List<Long> addUserIds) {
        return addDevices(chatId, group(chatId), userIds, addUserIds);
    }

    /**
     * Claims a key package for every device of {@code userIds} that is not in the group yet and commits their
     * addition (with {@code addUserIds} for people who join the chat with it). Every added leaf must carry exactly the
     * key the directory lists for that device, so the server cannot slip in a key of its own. Returns the accepted
     * commit, or null when there was nobody to add.
     */
    private HandshakeAccepted addDevices(long chatId, GroupState group, List<Long> userIds, List<Long> addUserIds) {
        Set<Long> inGroup = new HashSet<>();
        mls(() -> engine.members(group)).forEach(m -> inGroup.add(m.credential().deviceId()));
        Map<Long, Device> directory = new HashMap<>();
        devicesOf(userIds).forEach(u -> u.devices().forEach(d -> directory.put(d.deviceId(), d)));
        boolean missing = directory.keySet().stream().anyMatch(d -> d != device.deviceId() && !inGroup.contains(d));
        List<ClaimedKeyPackage> claimed = missing || !addUserIds.isEmpty()
                ? e2e.claimKeyPackages(chatId, userIds).stream()
                        .filter(c -> !inGroup.contains(c.deviceId()) && directory.containsKey(c.deviceId())).toList()
                : List.of();
        for (long added : addUserIds) {
            if (claimed.stream().noneMatch(c -> c.userId() == added)) {
                throw new ParleyException(ErrorCode.DEVICE_NOT_FOUND, "user " + added
                        + " has no device that can join an encrypted chat yet");
            }
        }
        if (claimed.isEmpty()) {
            return null;
        }
        CommitResult commit = mls(() -> engine.addMembers(group,
                claimed.stream().map(c -> UNB64.decode(c.keyPackage())).toList()));
        for (Member member : mls(() -> engine.members(commit.pending()))) {
            DeviceCredential credential = member.credential();
            if (!inGroup.contains(credential.deviceId()) && credential.deviceId() != device.deviceId()) {
                Device listed = directory.get(credential.deviceId());
                if (listed == null || !listed.identityKey().equals(B64.encodeToString(credential.publicKey()))
                        || !userIds.contains(credential.userId())) {
                    throw new ParleyException(ErrorCode.MLS_MESSAGE_INVALID, "a claimed key package does not carry "
                            + "the key the directory lists for device " + credential.deviceId());
                }
            }
        }
        return commit(chatId, commit, claimed.stream().map(ClaimedKeyPackage::deviceId).toList(), addUserIds,
                List.of());
    }

    /** Sends a commit; once the server accepted it, its new epoch is this device's state. */
    private HandshakeAccepted commit(long chatId, CommitResult commit, List<Long> welcomeDevices,
            List<Long> addUserIds, List<Long> removeUserIds) {
        E2eMethods.Welcome welcome = welcomeDevices.isEmpty() ? null : new E2eMethods.Welcome(
                B64.encodeToString(commit.welcome().orElseThrow()), welcomeDevices);
        // The commit moved the handshake ratchet of the current epoch: kept even if the commit loses its epoch.
        state.saveGroup(chatId, commit.current());
        HandshakeAccepted accepted = e2e.sendHandshake(new E2eMethods.SendHandshake(chatId,
                B64.encodeToString(commit.commit()), welcome, Messages.newRandomId(), addUserIds, removeUserIds));
        state.saveGroup(chatId, commit.pending());
        return accepted;
    }

    /** Runs a commit step again after catching up when another member's commit won the epoch. */
    private <T> T retried(java.util.function.Supplier<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.STALE_EPOCH || attempt == ATTEMPTS) {
                    throw e;
                }
                catchUp();
            }
        }
    }

    private List<Long> memberIds(long chatId) {
        List<Long> ids = new ArrayList<>();
        while (true) {
            var page = client.chats().getMembers(chatId, ids.size(), ChatMethods.MEMBERS_PAGE_MAX);
            page.members().forEach(m -> ids.add(m.userId()));
            if (page.members().isEmpty() || ids.size() >= page.count()) {
                return ids;
            }
        }
    }

    private List<UserDevices> devicesOf(List<Long> userIds) {
        List<UserDevices> all = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i += E2eMethods.USERS_MAX) {
            all.addAll(e2e.getDevices(userIds.subList(i, Math.min(userIds.size(), i + E2eMethods.USERS_MAX))));
        }
        return all;
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
