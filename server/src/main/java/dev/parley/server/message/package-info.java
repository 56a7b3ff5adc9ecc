/**
 * Messages: send (exactly-once by randomId), forward, edit, delete (for me / for everyone), read pointers, history,
 * full-text search, the dialog list, typing, the rendering of update-log rows, and the erasure of a deleted account
 * from all messaging tables. Owns {@code messages}, {@code hidden_messages}, {@code sent_random_ids} and the search
 * index {@code message_search} ({@link dev.parley.server.message.MessageStore},
 * {@link dev.parley.server.message.SqliteMessageSearch}). Also scheduled messages ({@code scheduled_messages},
 * {@link dev.parley.server.message.ScheduledStore}) and channel discussion groups ({@code channel_discussions},
 * {@code discussion_threads}, {@link dev.parley.server.message.DiscussionStore}).
 */
package dev.parley.server.message;
