/**
 * End-to-end encryption, server side: the MLS delivery service (DESIGN §8, docs/protocol/e2e.md). Owns the device
 * directory and key packages ({@link dev.parley.server.e2e.DeviceStore}: {@code e2e_device_keys},
 * {@code e2e_key_packages}) and the groups of encrypted chats with their ordered handshakes and welcomes
 * ({@link dev.parley.server.e2e.GroupStore}: {@code e2e_groups}, {@code e2e_handshakes}, {@code e2e_welcomes},
 * {@code e2e_welcome_recipients}). Encrypted chats themselves are chats with the {@code e2e} flag, and their
 * ciphertext messages are messages: both go through the messaging core's services. The server reads only the
 * cleartext MLS framing ({@link dev.parley.protocol.mls.MlsFramingParser}) and never decrypts anything; it does not
 * depend on the client-side {@code crypto} module.
 */
package dev.parley.server.e2e;
