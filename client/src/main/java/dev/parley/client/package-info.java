/**
 * The Java SDK: {@link dev.parley.client.ParleyClient} (WebSocket: typed calls, reconnect with re-hello, pushed
 * updates delivered in order) and {@link dev.parley.client.ParleyHttpClient} (the same methods over
 * {@code POST /api/<method>}). Both use the protocol module's codec and rebuild error replies as typed
 * {@link dev.parley.protocol.ParleyException}s.
 *
 * <p>Messaging: typed {@code contacts.*}, {@code chats.*}, {@code messages.*} and {@code updates.*} calls
 * ({@link dev.parley.client.Contacts}, {@link dev.parley.client.Chats}, {@link dev.parley.client.Messages} with
 * exactly-once sends, {@link dev.parley.client.Updates}) and the sync engine
 * ({@link dev.parley.client.ParleyClient#startSync}: persistent pts in a {@link dev.parley.client.SyncStateStore},
 * gap detection, paged catch-up, every update once and in order).
 *
 * <p>Large chats (docs/protocol/channels.md, posts.md): {@link dev.parley.client.Channels},
 * {@link dev.parley.client.Posts} (reactions, views, pins, polls), {@link dev.parley.client.Moderation},
 * {@link dev.parley.client.Invites}, {@link dev.parley.client.Discussions} and {@link dev.parley.client.Community}
 * (events, reports): one small facade per feature, results as the protocol's records, refusals as typed exceptions.
 * Usage: docs/SDK.md.
 */
package dev.parley.client;
