/**
 * Sync (DESIGN §5): per-user update logs with pts ({@link dev.parley.server.sync.UpdateLog}), the paged difference
 * ({@link dev.parley.server.sync.SyncService}), and online push through a {@link dev.parley.server.sync.Bus}. Owns
 * the tables {@code user_sync_state} and {@code update_log}. What a row means is rendered by the messaging feature
 * through {@link dev.parley.server.sync.LogRenderer}.
 */
package dev.parley.server.sync;
