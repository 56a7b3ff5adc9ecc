package dev.parley.crypto.mls;

import dev.parley.crypto.identity.DeviceIdentity;
import java.util.List;

/**
 * Parley's MLS operations for cipher suite 0x0001 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519). Stateless and
 * thread-safe: all state is in the {@link GroupState} snapshots passed in and returned. Handshake and application
 * messages are PrivateMessages, so the delivery service sees only group id, epoch and content type.
 *
 * <p>Typical flow: publish {@link #createKeyPackage} results; {@link #createGroup}; {@link #addMembers} with claimed
 * key packages (send the commit, then the welcome); new members {@link #joinFromWelcome}; everyone {@link #handle}s
 * commits in the delivery service's order and {@link #protect}s / {@link #unprotect}s application messages.
 */
public interface MlsEngine {

    /** A fresh key package for this device; keep the bundle's secrets until a Welcome uses it. */
    KeyPackageBundle createKeyPackage(DeviceIdentity identity, boolean lastResort) throws MlsException;

    /** A new group with this device as its only member, at epoch 0. */
    GroupState createGroup(DeviceIdentity identity, byte[] groupId) throws MlsException;

    /**
     * Commits Add proposals for the given key packages (MLSMessage-encoded, as claimed from the server), with an
     * update path. Each key package must be valid, of our suite, and carry a Parley device credential whose key is
     * the leaf's signature key ({@link MlsException.Reason#INVALID_KEY_PACKAGE} otherwise).
     */
    CommitResult addMembers(GroupState state, List<byte[]> keyPackages) throws MlsException;

    /** Commits Remove proposals for the given leaves (see {@link #members}); removing oneself is not allowed. */
    CommitResult removeMembers(GroupState state, List<Integer> leafIndices) throws MlsException;

    /** An empty commit with a fresh update path: new keys for this device (post-compromise security). */
    CommitResult selfUpdate(GroupState state) throws MlsException;

    /**
     * Joins from a Welcome (wire format mls_welcome) addressed to one of {@code keyPackages}.
     *
     * @throws MlsException {@code NOT_A_MEMBER} if the Welcome is for none of them
     */
    JoinResult joinFromWelcome(DeviceIdentity identity, List<KeyPackageBundle> keyPackages, byte[] welcome)
            throws MlsException;

    /**
     * Handles a proposal or commit from another member, in the delivery service's order.
     *
     * @throws MlsException {@code STALE_EPOCH} for a message of an epoch already left (a losing concurrent commit),
     *     {@code FUTURE_EPOCH} when earlier commits are missing, {@code OWN_COMMIT} for our own commit,
     *     {@code INVALID_MESSAGE} / {@code DECRYPT_FAILED} otherwise
     */
    HandshakeOutcome handle(GroupState state, byte[] message) throws MlsException;

    /** Encrypts application data for the group's current epoch. */
    Protected protect(GroupState state, byte[] plaintext) throws MlsException;

    /** Decrypts and authenticates an application message of the current epoch. */
    Unprotected unprotect(GroupState state, byte[] message) throws MlsException;

    /** The MLS exporter (RFC 9420 §8.5): a secret every member of this epoch derives identically. */
    byte[] exportSecret(GroupState state, String label, byte[] context, int length) throws MlsException;

    /** The epoch authenticator (RFC 9420 §8.7); equal for all members of an epoch, so it detects forks. */
    byte[] epochAuthenticator(GroupState state) throws MlsException;

    /** The current members, one per device leaf. */
    List<Member> members(GroupState state) throws MlsException;
}
