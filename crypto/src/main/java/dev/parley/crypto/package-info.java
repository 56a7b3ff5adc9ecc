/**
 * Client-side end-to-end encryption for Parley (DESIGN §8): MLS (RFC 9420) groups over Bouncy Castle's
 * implementation ({@link dev.parley.crypto.mls}), device identity and safety numbers
 * ({@link dev.parley.crypto.identity}), encrypted state at rest ({@link dev.parley.crypto.store}) and the tiny
 * cleartext framing parser the delivery service needs for ordering ({@link dev.parley.crypto.framing}).
 *
 * <p>The server never depends on this module: it sees only ciphertext and the cleartext MLS framing.
 */
package dev.parley.crypto;
