/**
 * The {@code parley cli} command-line client: picocli commands on top of the SDK, a profile directory holding the
 * device's session and sync position (owner-only files, atomic writes), human or {@code --json} output and
 * documented exit codes. Accounts and sessions (register, login, whoami, …) and messaging (chats, send, history,
 * read, receive, group). Usage: docs/SDK.md.
 */
package dev.parley.cli;
