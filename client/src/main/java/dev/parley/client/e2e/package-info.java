/**
 * End-to-end encryption in the SDK (docs/protocol/e2e.md): {@link dev.parley.client.e2e.SecureChats} is the MLS
 * client of one device over the server's delivery service, using the {@code crypto} module's engine; its state
 * (device key, key packages, group states, decrypted texts) is kept encrypted at rest by
 * {@link dev.parley.crypto.store.EncryptedStateStore}. {@link dev.parley.client.e2e.E2e} is the typed {@code e2e.*}
 * transport, {@link dev.parley.client.e2e.DecryptingListener} hands decrypted messages to the application's sync
 * listener.
 */
package dev.parley.client.e2e;
