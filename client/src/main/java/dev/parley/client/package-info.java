/**
 * The Java SDK: {@link dev.parley.client.ParleyClient} (WebSocket: typed calls, reconnect with re-hello, pushed
 * updates delivered in order) and {@link dev.parley.client.ParleyHttpClient} (the same methods over
 * {@code POST /api/<method>}). Both use the protocol module's codec and rebuild error replies as typed
 * {@link dev.parley.protocol.ParleyException}s. Usage: docs/SDK.md.
 */
package dev.parley.client;
