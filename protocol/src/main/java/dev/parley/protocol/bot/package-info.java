/** Params and results of the user-side bot methods ({@code bots.*}, {@code messages.pressButton}). */
package dev.parley.protocol.bot;
