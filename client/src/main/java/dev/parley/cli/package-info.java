/**
 * The {@code parley cli} command-line client: picocli commands on top of the SDK, a profile directory holding the
 * device's session and sync position (owner-only files, atomic writes), human or {@code --json} output and
 * documented exit codes. Accounts and sessions (register, login, whoami, …), messaging (chats, send, history,
 * read, receive, group), large chats and their tools (channel, post, poll, admin, invite, discussion, event, report)
 * and bots. Usage: docs/SDK.md.
 */
package dev.parley.cli;
