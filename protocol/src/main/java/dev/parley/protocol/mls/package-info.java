/**
 * Dependency-free decoding of the cleartext MLS framing (RFC 9420 §6): wire format, group id, epoch and content
 * type of an {@code MLSMessage}. This is all the delivery service reads to order handshake messages per group; it
 * never needs keys. Pure TLS-presentation-language decoding with bounds checks; no Bouncy Castle. Shared by the
 * server (which must not depend on {@code crypto}) and the client-side {@code crypto} module.
 */
package dev.parley.protocol.mls;
