/** Wire records of the {@code chats.*} methods: private chats, groups, membership and roles. */
package dev.parley.protocol.chat;
