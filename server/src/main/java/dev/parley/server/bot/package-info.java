/**
 * The Telegram-compatible Bot API (docs/BOT_API.md): bots are accounts of kind {@code bot} owned by a user
 * ({@link dev.parley.server.bot.BotService}); {@code /bot<token>/<method>} over HTTP
 * ({@link dev.parley.server.bot.BotHttpApi}) maps Telegram's methods onto the messaging services
 * ({@code Telegram*} classes, one per group of methods); the bot's Parley update log and the events of its
 * supergroups and channels become a durable queue of Telegram updates ({@link dev.parley.server.bot.BotUpdates},
 * rendered by {@link dev.parley.server.bot.TelegramUpdates}) served by long polling or webhooks
 * ({@link dev.parley.server.bot.WebhookDelivery}). Tables: {@link dev.parley.server.bot.BotStore}.
 */
package dev.parley.server.bot;
