/**
 * Client state at rest: {@link dev.parley.crypto.store.EncryptedStateStore} keeps named records (group states,
 * device identity, key package secrets) as files in the profile directory, each AES-256-GCM encrypted under a key
 * derived with HKDF-SHA256 from a local secret, with the record name bound as associated data. Files are mode 0600
 * and replaced atomically.
 */
package dev.parley.crypto.store;
