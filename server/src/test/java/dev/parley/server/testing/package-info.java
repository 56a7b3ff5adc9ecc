/**
 * The shared test fixture, exported in the server's test-jar: {@link dev.parley.server.testing.TestServer} (a real
 * server on an ephemeral port with a temporary data directory) and {@link dev.parley.server.testing.RawClient} (raw
 * JSON over HTTP and WebSocket).
 */
package dev.parley.server.testing;
