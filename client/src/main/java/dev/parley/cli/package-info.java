/**
 * The {@code parley cli} command-line client: picocli commands on top of the SDK, a profile directory holding the
 * device's session (owner-only files, atomic writes), human or {@code --json} output and documented exit codes.
 * Usage: docs/SDK.md.
 */
package dev.parley.cli;
