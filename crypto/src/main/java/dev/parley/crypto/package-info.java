/**
 * Client-side end-to-end encryption for Parley (DESIGN §8): MLS (RFC 9420) groups over Bouncy Castle's
 * implementation ({@link dev.parley.crypto.mls}), device identity and safety numbers
 * ({@link dev.parley.crypto.identity}) and encrypted state at rest ({@link dev.parley.crypto.store}). The cleartext
 * framing parser lives in {@code protocol} ({@link dev.parley.protocol.mls}), shared with the delivery service.
 *
 * <p>The server never depends on this module: it sees only ciphertext and the cleartext MLS framing.
 */
package dev.parley.crypto;
