// Browser tests of bot keyboards (docs/protocol/bots.md): a real bot, driven over HTTP on /bot<token>/ by the test,
// sends keyboards to a person in Chromium, who presses their buttons; the bot receives the callback_query with
// getUpdates and answers it. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { VIEWPORTS, api, axeViolations, messageWith, newPage, openChatWith, register, screenshots, sessionOf, uniqueUsername } from './harness.mjs';

/** A bot owned by `ownerToken`, with a small client for its side of the Bot API. */
async function createBot(url, ownerToken) {
  const username = `${uniqueUsername('keys').slice(0, 28)}_bot`;
  const { token } = await api(url, 'bots.create', { username, name: 'Keys' }, ownerToken);
  let offset = 0;
  async function call(method, params = {}) {
    const response = await fetch(`${url}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(params),
    });
    const body = await response.json();
    assert.equal(body.ok, true, `${method}: ${JSON.stringify(body)}`);
    return body.result;
  }
  /** The next update (the server holds the long poll up to 10 s). */
  async function nextUpdate() {
    const updates = await call('getUpdates', { offset, timeout: 10 });
    assert.ok(updates.length > 0, 'an update within the poll timeout');
    offset = updates[0].update_id + 1;
    return updates[0];
  }
  return { username, call, nextUpdate };
}

/** Defines the tests; `env` holds the suite's server, browser and list of page problems (browser.test.mjs). */
export function botTests(env) {
  it('keyboards: /commands suggested, an inline button pressed and answered, a link confirmed, a reply keyboard sends', async () => {
    const context = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await newPage(context, env.problems);
    await register(page, env.server.url, uniqueUsername('kara'), 'Kara');
    const bot = await createBot(env.server.url, (await sessionOf(page)).token);
    await bot.call('setMyCommands', { commands: [{ command: 'start', description: 'Begin' }, { command: 'help', description: 'Show help' }] });
    await openChatWith(page, bot.username);

    // Typing "/" suggests the bot's commands; "/h" narrows them; choosing one sends it.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('/');
    const suggestions = page.getByRole('list', { name: 'Bot commands' });
    await suggestions.getByRole('button', { name: '/help Show help' }).waitFor();
    assert.equal(await suggestions.getByRole('button').count(), 2);
    await composer.fill('/st');
    assert.equal(await suggestions.getByRole('button').count(), 1);
    assert.deepEqual(await axeViolations(page), [], 'command suggestions');
    await suggestions.getByRole('button', { name: '/start Begin' }).click();
    const started = (await bot.nextUpdate()).message;
    assert.equal(started.text, '/start');
    const chatId = started.chat.id;

    await bot.call('sendMessage', {
      chat_id: chatId,
      text: 'Proceed?',
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Yes', callback_data: 'yes' },
            { text: 'No', callback_data: 'no' },
          ],
          [{ text: 'Site', url: 'https://example.org/help' }],
        ],
      },
    });
    const buttons = messageWith(page, 'Proceed?').getByRole('group', { name: 'Bot buttons' });
    await buttons.getByRole('button', { name: 'Yes' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'inline keyboard');
    await screenshots(page, 'bot-keyboard');

    // A callback button: the bot gets the query, answers, and the person sees the answer in a status toast.
    await buttons.getByRole('button', { name: 'Yes' }).click();
    const query = (await bot.nextUpdate()).callback_query;
    assert.equal(query.data, 'yes');
    assert.equal(query.message.text, 'Proceed?');
    await bot.call('answerCallbackQuery', { callback_query_id: query.id, text: 'Thanks, going ahead' });
    await page.getByRole('status').filter({ hasText: 'Thanks, going ahead' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'button answer toast');

    // show_alert: a dialog that must be acknowledged.
    await buttons.getByRole('button', { name: 'No' }).click();
    const refusal = (await bot.nextUpdate()).callback_query;
    await bot.call('answerCallbackQuery', { callback_query_id: refusal.id, text: 'Cancelled for good', show_alert: true });
    const alert = page.getByRole('alertdialog', { name: 'Message from the bot' });
    await alert.waitFor();
    assert.equal(await alert.getByText('Cancelled for good').count(), 1);
    assert.deepEqual(await axeViolations(page), [], 'button answer alert');
    await alert.getByRole('button', { name: 'OK' }).click();
    await alert.waitFor({ state: 'detached' });

    // A url button asks first, then offers a link that cannot reach back into this page.
    await buttons.getByRole('button', { name: 'Site (opens a link)' }).click();
    const confirm = page.getByRole('dialog', { name: 'Open link?' });
    await confirm.waitFor();
    const link = confirm.getByRole('link', { name: 'Open link' });
    assert.equal(await link.getAttribute('href'), 'https://example.org/help');
    assert.match(await link.getAttribute('rel'), /noopener/);
    assert.equal(await link.getAttribute('target'), '_blank');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });

    // A reply keyboard replaces typing: above the composer, a button sends its text.
    await bot.call('sendMessage', {
      chat_id: chatId,
      text: 'Pick a size',
      reply_markup: { keyboard: [[{ text: 'Small' }, { text: 'Large' }]], resize_keyboard: true, one_time_keyboard: true },
    });
    const keyboard = page.getByRole('group', { name: 'Bot keyboard' });
    await keyboard.getByRole('button', { name: 'Large' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'reply keyboard');
    await keyboard.getByRole('button', { name: 'Large' }).click();
    const picked = (await bot.nextUpdate()).message;
    assert.equal(picked.text, 'Large');
    await messageWith(page, 'Large').waitFor();
    // one_time_keyboard: gone once used.
    await keyboard.waitFor({ state: 'detached' });
    await context.close();
  });

  it('a person who is no bot gets no command suggestions, and nobody can press buttons in a chat they are not in', async () => {
    const fredContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const fredPage = await newPage(fredContext, env.problems);
    const friend = uniqueUsername('fred');
    await register(fredPage, env.server.url, friend, 'Fred');
    const fredToken = (await sessionOf(fredPage)).token;
    await fredContext.close();
    const context = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await newPage(context, env.problems);
    await register(page, env.server.url, uniqueUsername('gina'), 'Gina');
    // Gina's bot writes to Gina; Fred tries to press its button by ids.
    const bot = await createBot(env.server.url, (await sessionOf(page)).token);
    await bot.call('setMyCommands', { commands: [{ command: 'start', description: 'Begin' }] });
    await openChatWith(page, bot.username);
    await page.getByRole('heading', { name: 'Keys', level: 2 }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('hi');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    const chatId = (await bot.nextUpdate()).message.chat.id;

    // In the chat with Fred (a person) "/" suggests nothing.
    await openChatWith(page, friend);
    await page.getByRole('heading', { name: 'Fred', level: 2 }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('/');
    await page.getByRole('textbox', { name: 'Message' }).fill('/s');
    assert.equal(await page.getByRole('list', { name: 'Bot commands' }).count(), 0);

    const sent = await bot.call('sendMessage', { chat_id: chatId, text: 'k', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    await assert.rejects(api(env.server.url, 'messages.pressButton', { chatId, messageId: sent.message_id, data: 'a' }, fredToken), /CHAT_NOT_FOUND/);
    await assert.rejects(api(env.server.url, 'bots.getReplyMarkup', { chatId, messageIds: [sent.message_id] }, fredToken), /CHAT_NOT_FOUND/);
    await context.close();
  });

  it('a group with a bot: its commands are suggested once it has spoken there', async () => {
    const context = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await newPage(context, env.problems);
    await register(page, env.server.url, uniqueUsername('hugo'), 'Hugo');
    const { token } = await sessionOf(page);
    const bot = await createBot(env.server.url, token);
    await bot.call('setMyCommands', { commands: [{ command: 'roll', description: 'Roll a die' }] });
    const { user } = await api(env.server.url, 'contacts.resolveUsername', { username: bot.username }, token);
    const { chat } = await api(env.server.url, 'chats.createGroup', { title: 'Dice Club', memberIds: [user.userId] }, token);
    await bot.call('sendMessage', { chat_id: chat.chatId, text: 'ready to roll' });

    await page.locator('a.chatrow').filter({ hasText: 'Dice Club' }).click();
    await messageWith(page, 'ready to roll').waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('/r');
    await page.getByRole('list', { name: 'Bot commands' }).getByRole('button', { name: '/roll Roll a die' }).click();
    await messageWith(page, '/roll').waitFor();
    await context.close();
  });
}
