package dev.parley.client.e2e;

import static dev.parley.client.e2e.SecureChats.mls;

import dev.parley.client.Messages;
import dev.parley.client.ParleyClient;
import dev.parley.crypto.identity.DeviceCredential;
import dev.parley.crypto.mls.CommitResult;
import dev.parley.crypto.mls.GroupState;
import dev.parley.crypto.mls.Member;
import dev.parley.crypto.mls.MlsEngine;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.e2e.E2eMethods;
import dev.parley.protocol.e2e.E2eMethods.ClaimedKeyPackage;
import dev.parley.protocol.e2e.E2eMethods.Device;
import dev.parley.protocol.e2e.E2eMethods.HandshakeAccepted;
import dev.parley.protocol.e2e.E2eMethods.UserDevices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A chat's MLS group on this device and who is in it (docs/protocol/e2e.md): creating the group (the first accepted
 * commit claims it), keeping its leaves equal to the members' current devices, membership commits, this device's
 * scheduled self-update, and the STALE_EPOCH rebase every commit needs. Not thread-safe: {@link SecureChats}
 * serialises access.
 */
final class GroupRoster {
    /** How often a device refreshes its own leaf keys in each group it sends to (post-compromise security). */
    static final Duration SELF_UPDATE_INTERVAL = Duration.ofDays(7);
    private static final int ATTEMPTS = 3;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private final ParleyClient client;
    private final E2e e2e;
    private final MlsEngine engine;
    private final E2eState state;
    private final LogApplier log;
    private final Clock clock;

    GroupRoster(ParleyClient client, E2e e2e, MlsEngine engine, E2eState state, LogApplier log, Clock clock) {
        this.client = client;
        this.e2e = e2e;
        this.engine = engine;
        this.state = state;
        this.log = log;
        this.clock = clock;
    }

    GroupState group(long chatId) {
        return state.group(chatId).orElseThrow(() -> new ParleyException(ErrorCode.E2E_HANDSHAKE_REQUIRED,
                "this device is not in the encrypted group of chat " + chatId + " yet: a member adds it when they "
                        + "next send"));
    }

    /**
     * The chat's group on this device, created if no member has created it yet: its first commit adds every device
     * of the members (and of {@code addUserIds}, who join the chat with it) and claims the group on the server
     * (epoch 0 → 1), so two members creating it at once cannot both succeed; the loser gets {@code STALE_EPOCH},
     * drops its own and joins the winner's by its Welcome. While nobody else has a device, the group is kept here
     * uncommitted at epoch 0 (the server accepts messages for it, readable by this device alone); the commit that
     * first adds someone claims it then, unless another member's device claimed the chat first, whose Welcome then
     * replaces it. Returns the founding commit if this call made it.
     */
    Optional<HandshakeAccepted> ensureGroup(long chatId, List<Long> addUserIds) {
        if (state.group(chatId).isPresent()) {
            return Optional.empty();
        }
        E2eMethods.Group group = e2e.getGroup(chatId);
        if (group.epoch() == 0) {
            GroupState created = mls(() -> engine.createGroup(log.identity(), UNB64.decode(group.groupId())));
            try {
                List<Long> users = new ArrayList<>(memberIds(chatId));
                addUserIds.stream().filter(u -> !users.contains(u)).forEach(users::add);
                HandshakeAccepted founded = addDevices(chatId, created, users, addUserIds);
                if (founded == null) {
                    state.saveGroup(chatId, created);
                    state.saveRenewedAt(chatId, clock.instant());
                    return Optional.empty();
                }
                state.saveRenewedAt(chatId, clock.instant());
                return Optional.of(founded);
            } catch (ParleyException e) {
                // Never keep a group the server has not accepted: it would fork from the group that wins.
                state.deleteGroup(chatId);
                if (e.code() != ErrorCode.STALE_EPOCH) {
                    throw e;
                }
                log.catchUp();
            }
        }
        if (state.group(chatId).isEmpty()) {
            log.joinPendingWelcome(chatId);
        }
        group(chatId);
        return Optional.empty();
    }

    /** Adds the members' devices missing from the roster and removes the devices that should no longer read it. */
    void reconcile(long chatId) {
        retried(() -> {
            List<Long> members = memberIds(chatId);
            addDevices(chatId, group(chatId), members, List.of());
            GroupState group = group(chatId);
            Set<Long> listed = new HashSet<>();
            devicesOf(members).forEach(u -> u.devices().forEach(d -> listed.add(d.deviceId())));
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

    /**
     * Refreshes this device's leaf keys with an empty commit (a path update) when its last one in this group is
     * older than {@link #SELF_UPDATE_INTERVAL}, so a leaked key stops opening new messages (post-compromise
     * security). Called before sending; a group alone on this device has nobody to commit to and is skipped.
     */
    void renewIfDue(long chatId) {
        Instant now = clock.instant();
        Optional<Instant> renewed = state.renewedAt(chatId);
        if (renewed.isEmpty()) {
            // A group from before renewals were recorded: its clock starts now.
            state.saveRenewedAt(chatId, now);
            return;
        }
        if (Duration.between(renewed.get(), now).compareTo(SELF_UPDATE_INTERVAL) < 0
                || mls(() -> engine.members(group(chatId))).size() < 2) {
            return;
        }
        retried(() -> commit(chatId, mls(() -> engine.selfUpdate(group(chatId))), List.of(), List.of(), List.of()));
    }

    /** Adds {@code userIds} as members (with their devices) in one commit. */
    HandshakeAccepted addUsers(long chatId, List<Long> userIds) {
        return retried(() -> {
            HandshakeAccepted added = addDevices(chatId, group(chatId), userIds, userIds);
            if (added == null) {
                throw new ParleyException(ErrorCode.DEVICE_NOT_FOUND, "none of " + userIds + " has a device yet");
            }
            return added;
        });
    }

    /** Removes someone with the commit that removes their devices (or an empty one, if they have none here). */
    HandshakeAccepted removeUser(long chatId, long userId) {
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
        boolean missing = directory.keySet().stream().anyMatch(d -> d != log.deviceId() && !inGroup.contains(d));
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
            if (!inGroup.contains(credential.deviceId()) && credential.deviceId() != log.deviceId()) {
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
        // Messages other members sent before our commit in the log are of the old epoch: they are read with the old
        // state, and the new one is adopted at the commit's echo (the catch-up reaches it, the server having taken it).
        state.savePendingCommit(chatId, new E2eState.PendingCommit(accepted.seq(), commit.pending()));
        log.catchUp();
        // Every commit of this device carries a path (BcMlsEngine forces it): its leaf keys are new.
        state.saveRenewedAt(chatId, clock.instant());
        return accepted;
    }

    /** Runs a commit step again after catching up when another member's commit won the epoch. */
    <T> T retried(Supplier<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.STALE_EPOCH || attempt == ATTEMPTS) {
                    throw e;
                }
                log.catchUp();
            }
        }
    }

    List<Long> memberIds(long chatId) {
        List<Long> ids = new ArrayList<>();
        while (true) {
            var page = client.chats().getMembers(chatId, ids.size(), ChatMethods.MEMBERS_PAGE_MAX);
            page.members().forEach(m -> ids.add(m.userId()));
            if (page.members().isEmpty() || ids.size() >= page.count()) {
                return ids;
            }
        }
    }

    List<UserDevices> devicesOf(List<Long> userIds) {
        List<UserDevices> all = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i += E2eMethods.USERS_MAX) {
            all.addAll(e2e.getDevices(userIds.subList(i, Math.min(userIds.size(), i + E2eMethods.USERS_MAX))));
        }
        return all;
    }
}
