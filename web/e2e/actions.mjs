// Browser tests of what a person does with a message: reply, edit, delete (for me / for everyone) and forward
// through the keyboard-accessible actions menu, with the other side seeing edits and deletes live; and message
// search, whose results open the chat at the message. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  VIEWPORTS,
  api,
  axeViolations,
  messageWith,
  newPage,
  openChatWith,
  register,
  screenshots,
  send,
  sessionOf,
  uniqueUsername,
  waitForFocusedMessage,
  waitForTexts,
} from './harness.mjs';

/** Opens a message's actions menu from the keyboard: focus its ⋯ button, press Enter. */
async function openMenuByKeyboard(page, text) {
  await messageWith(page, text).locator('.msg-actions').focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Message actions menu' });
  await menu.waitFor();
  // The menu moves focus to its first item after it renders; keys pressed before that would go elsewhere.
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
  return menu;
}

/** Waits until the message box has the focus (the app focuses it after rendering a reply or edit bar). */
async function composerFocused(page) {
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Message');
}

async function twoPeople(env, problems, names) {
  const aliceContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
  const bobContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
  const alice = await newPage(aliceContext, problems);
  const bob = await newPage(bobContext, problems);
  const aliceName = uniqueUsername(names[0]);
  const bobName = uniqueUsername(names[1]);
  await register(alice, env.server.url, aliceName, 'Alice');
  await register(bob, env.server.url, bobName, 'Bob');
  return { aliceContext, bobContext, alice, bob, aliceName, bobName };
}

/** Defines the tests; `env` holds the suite's server, browser and list of page problems (browser.test.mjs). */
export function actionTests(env) {
  const { problems } = env;

  it('reply, edit, delete and forward through the actions menu, seen live on the other side', async () => {
    const { aliceContext, bobContext, alice, bob, bobName } = await twoPeople(env, problems, ['ann', 'bill']);
    await openChatWith(alice, bobName, { cloud: true });
    await send(alice, 'original text');
    await send(alice, 'second');
    await waitForTexts(alice, ['original text', 'second']);
    await bob.locator('a.chatrow').filter({ hasText: 'Alice' }).click();
    await waitForTexts(bob, ['original text', 'second']);

    // Reply, keyboard only: Tab-reachable ⋯ button, Enter opens the menu with focus on its first item.
    const menu = await openMenuByKeyboard(bob, 'original text');
    assert.equal(await menu.getByRole('menuitem', { name: 'Reply' }).evaluate((el) => el === document.activeElement), true);
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Reply', 'React', 'Pin', 'Forward', 'Delete'], 'no Edit on someone else’s message');
    assert.deepEqual(await axeViolations(bob), [], 'actions menu');
    await bob.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assert.equal(await bob.evaluate(() => document.activeElement?.className), 'msg-actions', 'Escape returns focus to the ⋯ button');
    await openMenuByKeyboard(bob, 'original text');
    await bob.keyboard.press('Enter');
    await bob.getByText('Replying to Alice').waitFor();
    await composerFocused(bob);
    await bob.keyboard.type('a reply');
    await bob.keyboard.press('Enter');
    for (const page of [alice, bob]) {
      await waitForTexts(page, ['original text', 'second', 'a reply']);
      await messageWith(page, 'a reply').locator('.quote', { hasText: 'original text' }).waitFor();
    }

    // Edit, opened with a right click; the other side sees the new text and "edited" live.
    await messageWith(alice, 'second').locator('.bubble').click({ button: 'right' });
    await alice.getByRole('menuitem', { name: 'Edit' }).click();
    await alice.getByText('Editing message').waitFor();
    const composer = alice.getByRole('textbox', { name: 'Message' });
    // The draft's text reaches the box in the render after the "Editing" bar: wait for it, not race it.
    await alice.waitForFunction(() => document.querySelector('.composer textarea')?.value === 'second');
    await composer.fill('second, edited');
    await composer.press('Enter');
    for (const page of [alice, bob]) {
      await waitForTexts(page, ['original text', 'second, edited', 'a reply']);
      await messageWith(page, 'second, edited').locator('.edited').waitFor();
    }
    assert.equal(await composer.inputValue(), '', 'the composer is empty again after the edit');

    // Bob deletes Alice's message for himself only: the dialog offers no "for everyone" in a private chat.
    const bobMenu = await openMenuByKeyboard(bob, 'second, edited');
    await bobMenu.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = bob.getByRole('dialog', { name: 'Delete message?' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Delete for everyone' }).count(), 0);
    assert.deepEqual(await axeViolations(bob), [], 'delete dialog');
    await dialog.getByRole('button', { name: 'Delete for me' }).click();
    await waitForTexts(bob, ['original text', 'a reply']);
    await waitForTexts(alice, ['original text', 'second, edited', 'a reply']);

    // Alice deletes her first message for everyone: it goes from Bob's screen live, and his reply's quote says so.
    const aliceMenu = await openMenuByKeyboard(alice, 'original text');
    await aliceMenu.getByRole('menuitem', { name: 'Delete' }).click();
    await alice.getByRole('dialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete for everyone' }).click();
    await waitForTexts(alice, ['second, edited', 'a reply']);
    await waitForTexts(bob, ['a reply']);
    await messageWith(bob, 'a reply').getByText('Original message not available').waitFor();

    // Forward Bob's reply into a group of Alice's own: the chat opens with the copy, marked as forwarded from Bob.
    await alice.getByRole('button', { name: 'New group' }).click();
    await alice.getByLabel('Group name').fill('Notes');
    // Forwarding is cloud-only: the server cannot copy a ciphertext into another chat.
    await alice.getByRole('checkbox', { name: 'End-to-end encrypted' }).uncheck();
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.getByRole('heading', { name: 'Notes' }).waitFor();
    await alice.locator('a.chatrow').filter({ hasText: 'Bob' }).click();
    await waitForTexts(alice, ['second, edited', 'a reply']);
    const forwardMenu = await openMenuByKeyboard(alice, 'a reply');
    await forwardMenu.getByRole('menuitem', { name: 'Forward' }).click();
    const picker = alice.getByRole('dialog', { name: 'Forward to…' });
    await picker.waitFor();
    assert.deepEqual(await axeViolations(alice), [], 'forward dialog');
    await picker.getByRole('button', { name: 'Notes' }).click();
    await alice.getByRole('heading', { name: 'Notes' }).waitFor();
    await waitForTexts(alice, ['a reply']);
    await messageWith(alice, 'a reply').getByText('Forwarded from Bob').waitFor();
    await screenshots(alice, 'forwarded');
    await aliceContext.close();
    await bobContext.close();
  });

  it('search finds a message in an old part of the history and opens the chat scrolled to it', async () => {
    const { aliceContext, bobContext, alice, bob, bobName } = await twoPeople(env, problems, ['sue', 'sam']);
    await openChatWith(alice, bobName, { cloud: true });
    await send(alice, 'hello there');
    await waitForTexts(alice, ['hello there']);
    // Enough later messages that the one searched for is outside the first page Bob's client loads.
    const { token } = await sessionOf(alice);
    const chatId = Number(alice.url().split('/').pop());
    await api(env.server.url, 'messages.send', { chatId, text: 'the haystack hides a Needle here', randomId: 1 }, token);
    for (let i = 0; i < 120; i++) await api(env.server.url, 'messages.send', { chatId, text: `filler ${i}`, randomId: 100 + i }, token);

    await bob.locator('a.chatrow').filter({ hasText: 'Alice' }).click();
    await messageWith(bob, 'filler 119').waitFor();
    assert.equal(await messageWith(bob, 'the haystack hides a Needle here').count(), 0, 'the target is not loaded yet');

    const search = bob.getByRole('searchbox', { name: 'Search messages' });
    await search.fill('   ');
    await search.press('Enter');
    await bob.getByText('Search for at least one letter or digit.').waitFor();
    await search.fill('need');
    await search.press('Enter');
    await bob.getByText('1 message found').waitFor();
    const result = bob.getByRole('button', { name: /the haystack hides a Needle here$/ });
    assert.equal(await result.locator('mark').textContent(), 'Needle');
    assert.deepEqual(await axeViolations(bob), [], 'search results');
    await screenshots(bob, 'search');
    await result.click();

    const target = messageWith(bob, 'the haystack hides a Needle here');
    await target.waitFor();
    await waitForFocusedMessage(bob, 'the haystack hides a Needle here');
    const box = await target.boundingBox();
    const list = await bob.locator('.vlist').boundingBox();
    assert.ok(box && list && box.y >= list.y && box.y + box.height <= list.y + list.height, 'the message is on screen');
    assert.equal(await messageWith(bob, 'filler 119').count(), 0, 'a window around the message, not the newest page');

    // Back to the newest messages.
    await bob.getByRole('button', { name: /Show latest messages/ }).click();
    await messageWith(bob, 'filler 119').waitFor();
    await aliceContext.close();
    await bobContext.close();
  });
}
