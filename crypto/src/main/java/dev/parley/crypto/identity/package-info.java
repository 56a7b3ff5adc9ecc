/**
 * Device identity: each device has an Ed25519 signature key ({@link dev.parley.crypto.identity.DeviceIdentity}); its
 * MLS BasicCredential binds (userId, deviceId, public key) in the fixed encoding of
 * {@link dev.parley.crypto.identity.DeviceCredential}; contacts verify keys with
 * {@link dev.parley.crypto.identity.SafetyNumber} and notice changes with
 * {@link dev.parley.crypto.identity.KeyChangeDetector}. See docs/SECURITY.md "Safety numbers".
 */
package dev.parley.crypto.identity;
