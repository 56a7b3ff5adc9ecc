/**
 * Contacts: resolving usernames to public profiles (through {@link dev.parley.server.contacts.UserDirectory}, never
 * the account tables) and blocking. Owns the table {@code blocks}.
 */
package dev.parley.server.contacts;
