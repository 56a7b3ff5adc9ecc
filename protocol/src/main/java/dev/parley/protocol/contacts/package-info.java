/** Wire records of the {@code contacts.*} methods: finding users by username and blocking them. */
package dev.parley.protocol.contacts;
