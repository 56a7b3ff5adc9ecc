/**
 * Wire records of channels and large groups (fan-out on read): the {@code channels.*} methods,
 * {@code updates.getChannelStates}, {@code chats.convertToSupergroup} and the per-chat push frame.
 */
package dev.parley.protocol.channel;
