package dev.parley.server.bot;

/** One Bot API method: runs as the authenticated bot with the request's parameters; returns the result object. */
@FunctionalInterface
interface BotCall {
    Object call(BotService.Bot bot, BotParams params);
}
