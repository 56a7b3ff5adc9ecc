/**
 * The transport edge (docs/ARCHITECTURE.md, "Gateway"): {@link dev.parley.server.gateway.GatewayServer} serves the
 * WebSocket and HTTP APIs, health, metrics and the web client on one Netty port; both APIs dispatch through one
 * {@link dev.parley.server.gateway.MethodTable} on virtual threads. This package also owns the contracts features
 * build on ({@link dev.parley.server.gateway.Method}, {@link dev.parley.server.gateway.Caller},
 * {@link dev.parley.server.gateway.SessionAuthenticator}, {@link dev.parley.server.gateway.ConnectionRegistry}),
 * flood control, and the {@code help.*} methods. It owns no tables.
 */
package dev.parley.server.gateway;
