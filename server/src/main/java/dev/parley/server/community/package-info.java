/**
 * Community tools in chats (docs/protocol/channels.md, "Events" and "Reports"): events with RSVP and their reminders,
 * and message reports with a per-chat queue for admins and a global one for server operators. Owns the tables of
 * V43__chat_meetups.sql and V44__reports.sql.
 */
package dev.parley.server.community;
