/** Wire records of sync: the {@code updates.*} methods and the update kinds pushed and returned by getDifference. */
package dev.parley.protocol.sync;
