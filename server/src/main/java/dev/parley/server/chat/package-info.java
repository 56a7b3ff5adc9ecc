/**
 * Chats (private, group, supergroup, channel), membership, roles and chat events. Owns the tables {@code chats},
 * {@code private_chats}, {@code chat_members} and {@code chat_events} ({@link dev.parley.server.chat.ChatStore}).
 * Private chats and groups fan each event out to members' update logs in the same transaction
 * ({@link dev.parley.server.chat.ChatService}); supergroups and channels store each event once and are read by seq
 * ({@link dev.parley.server.chat.ChannelService}). Forum topics of supergroups: {@code chat_forums},
 * {@code chat_topics} ({@link dev.parley.server.chat.TopicStore}).
 */
package dev.parley.server.chat;
