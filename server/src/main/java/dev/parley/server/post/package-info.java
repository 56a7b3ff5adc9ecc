/**
 * Post state kept beside messages: reactions (allowed set per chat, one per account per message, aggregated counts),
 * view counters (once per account), pins (several per chat) and polls (regular and quiz, aggregated results). Owns
 * {@code chat_reaction_settings}, {@code message_reactions}, {@code message_reaction_counts},
 * {@code message_viewers}, {@code message_view_counts} ({@link dev.parley.server.post.ReactionStore},
 * {@link dev.parley.server.post.ViewStore}), {@code pinned_messages} ({@link dev.parley.server.post.PinStore}) and
 * {@code polls}, {@code poll_options}, {@code poll_votes} ({@link dev.parley.server.post.PollStore}); all keyed by
 * chat id first, like messages, and deleted with the chat. Nothing here is written per chat member: in supergroups and
 * channels a change is one chat event (fan-out on read) plus the rows of the change itself.
 */
package dev.parley.server.post;
