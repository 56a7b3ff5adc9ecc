package dev.parley.server.post;

/** A message by its full key, for post state loaded for a page that spans several chats. */
record PostKey(long chatId, long messageId) {}
