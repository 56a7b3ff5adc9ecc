/**
 * Server configuration: the validated {@link dev.parley.server.config.Config} record and
 * {@link dev.parley.server.config.ConfigLoader}, which layers defaults, {@code parley.yaml}, {@code PARLEY_*}
 * environment variables and flags. Owns no tables.
 */
package dev.parley.server.config;
