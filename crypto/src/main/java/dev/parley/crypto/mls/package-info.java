/**
 * MLS (RFC 9420) groups for Parley, cipher suite 0x0001 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519).
 *
 * <p>{@link dev.parley.crypto.mls.MlsEngine} is our small, typed interface; {@link dev.parley.crypto.mls.BcMlsEngine}
 * implements it over Bouncy Castle's {@code bcmls} (no cryptographic primitive is implemented here). The engine is
 * stateless: every operation takes an immutable {@link dev.parley.crypto.mls.GroupState} snapshot and returns the
 * next one, which the caller persists (see {@link dev.parley.crypto.store.EncryptedStateStore}). bcmls has no state
 * serialization, so {@code BcGroupStateCodec} owns that, in one place.
 */
package dev.parley.crypto.mls;
