/**
 * {@code parley bench e2e-group}: the cost of an end-to-end (MLS) group at 1,000 members with the crypto module's
 * engine in-process: create + add everyone, joining from the Welcome, one application message, one add and one
 * remove. No server is involved: the delivery service only relays these bytes, so the figures are client CPU and
 * wire sizes.
 */
package dev.parley.bench.e2e;
