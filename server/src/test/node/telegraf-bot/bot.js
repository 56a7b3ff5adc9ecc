// A plain telegraf bot, written as for Telegram: only the API root points at Parley (PARLEY_API_ROOT).
// Driven by TelegrafBotTest: /start answers with an inline keyboard, the button's callback is answered, /poll sends a
// public poll whose answers are printed ("poll_answer <user id> <option ids>"), posts in a channel the bot
// administers are acknowledged there, and any other text is echoed. Prints "ready" once telegraf has connected and
// started long polling.
'use strict';
const { Telegraf, Markup } = require('telegraf');

const bot = new Telegraf(process.env.BOT_TOKEN, { telegram: { apiRoot: process.env.PARLEY_API_ROOT } });

bot.start((ctx) => ctx.reply(`Welcome, ${ctx.from.first_name}!`,
  Markup.inlineKeyboard([Markup.button.callback('Press me', 'pressed')])));
bot.action('pressed', (ctx) => ctx.answerCbQuery(`You pressed it, ${ctx.from.first_name}`));
bot.command('poll', (ctx) => ctx.replyWithPoll('Ship it?', ['yes', 'no'], { is_anonymous: false }));
bot.on('poll_answer', (ctx) => {
  console.log(`poll_answer ${ctx.pollAnswer.user.id} ${ctx.pollAnswer.option_ids.join(',')}`);
});
bot.on('channel_post', (ctx) => ctx.reply(`noted: ${ctx.channelPost.text}`));
bot.on('text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`,
  { reply_parameters: { message_id: ctx.message.message_id } }));
bot.catch((err) => console.error('bot error', err));

bot.launch({ dropPendingUpdates: false }, () => console.log('ready')).catch((err) => {
  console.error('launch failed', err);
  process.exit(1);
});
process.once('SIGTERM', () => bot.stop('SIGTERM'));
process.once('SIGINT', () => bot.stop('SIGINT'));
