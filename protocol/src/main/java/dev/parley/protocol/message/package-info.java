/** Wire records of the {@code messages.*} methods and the validation of message texts and entities. */
package dev.parley.protocol.message;
