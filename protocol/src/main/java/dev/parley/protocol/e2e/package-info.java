/** Params and results of the {@code e2e.*} methods (the MLS delivery service, docs/protocol/e2e.md). */
package dev.parley.protocol.e2e;
