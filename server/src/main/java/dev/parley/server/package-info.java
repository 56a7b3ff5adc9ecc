/**
 * The server's entry point ({@link dev.parley.server.Main}) and its hand wiring ({@link dev.parley.server.ParleyServer}).
 * Features live in sub-packages; each owns its records, service, store and API adapter.
 */
package dev.parley.server;
