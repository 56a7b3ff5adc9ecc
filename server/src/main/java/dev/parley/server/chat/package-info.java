/**
 * Chats (private and group), membership, roles and chat events. Owns the tables {@code chats},
 * {@code private_chats}, {@code chat_members} and {@code chat_events} ({@link dev.parley.server.chat.ChatStore}).
 * Every change takes the chat's next seq and is fanned out to members' update logs in the same transaction.
 */
package dev.parley.server.chat;
