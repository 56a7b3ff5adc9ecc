// Browser tests of reactions, pins and polls (docs/protocol/posts.md) between two people, each change seen live on
// the other side, driven by keyboard where a person would use it. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { VIEWPORTS, axeViolations, messageWith, newPage, openChatWith, register, screenshots, send, uniqueUsername, waitForFocusedMessage, waitForTexts } from './harness.mjs';

async function twoInAChat(env, names) {
  const aliceContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
  const bobContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
  const alice = await newPage(aliceContext, env.problems);
  const bob = await newPage(bobContext, env.problems);
  const bobName = uniqueUsername(names[1]);
  await register(alice, env.server.url, uniqueUsername(names[0]), 'Alice');
  await register(bob, env.server.url, bobName, 'Bob');
  await openChatWith(alice, bobName, { cloud: true });
  return { aliceContext, bobContext, alice, bob };
}

async function openBobsChat(bob, texts) {
  await bob.locator('a.chatrow').filter({ hasText: 'Alice' }).click();
  await waitForTexts(bob, texts);
}

/** Opens a message's actions menu from the keyboard and chooses an item. */
async function chooseAction(page, text, item) {
  await messageWith(page, text).locator('.msg-actions').focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Message actions menu' });
  await menu.getByRole('menuitem', { name: item }).click();
}

/** The reaction chip with this emoji under a message; its accessible name carries count and ownership. */
function chip(page, text, reaction) {
  return messageWith(page, text).getByRole('group', { name: 'Reactions' }).getByRole('button', { name: new RegExp(`^${reaction} `) });
}

async function chipState(page, text, reaction) {
  const button = chip(page, text, reaction);
  if ((await button.count()) === 0) return null;
  return { label: await button.getAttribute('aria-label'), pressed: await button.getAttribute('aria-pressed') };
}

async function waitForChip(page, text, reaction, expected) {
  const deadline = Date.now() + 15_000;
  let last;
  while (Date.now() < deadline) {
    last = await chipState(page, text, reaction);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(last, expected, `reaction ${reaction} on "${text}"`);
}

/** Defines the tests; `env` holds the suite's server, browser and list of page problems (browser.test.mjs). */
export function postTests(env) {
  it('reactions: picked from the actions menu, counted live on the other side, toggled from the chips', async () => {
    const { aliceContext, bobContext, alice, bob } = await twoInAChat(env, ['rae', 'rob']);
    await send(alice, 'react to this');
    await openBobsChat(bob, ['react to this']);

    // Alice reacts, keyboard only: ⋯, React, then the picker (a menu of the chat's allowed reactions).
    await chooseAction(alice, 'react to this', 'React');
    const picker = alice.getByRole('menu', { name: 'Choose a reaction' });
    await picker.waitFor();
    const offered = await picker.getByRole('menuitemcheckbox').allTextContents();
    assert.deepEqual(offered, ['👍', '👎', '❤️', '🔥', '🎉', '😁', '😮', '😢', '🙏', '👏'], 'the default allowed set');
    assert.deepEqual(await axeViolations(alice), [], 'reaction picker');
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('Enter');
    await waitForChip(alice, 'react to this', '❤️', { label: '❤️ 1, yours: choose to remove', pressed: 'true' });
    await waitForChip(bob, 'react to this', '❤️', { label: '❤️ 1, choose to react', pressed: 'false' });

    // Bob adds the same reaction from the chip; Alice's stays hers.
    await chip(bob, 'react to this', '❤️').click();
    await waitForChip(bob, 'react to this', '❤️', { label: '❤️ 2, yours: choose to remove', pressed: 'true' });
    await waitForChip(alice, 'react to this', '❤️', { label: '❤️ 2, yours: choose to remove', pressed: 'true' });
    assert.deepEqual(await axeViolations(bob), [], 'reaction chips');
    await screenshots(bob, 'reactions');

    // Alice takes hers back: one left, Bob's.
    await chip(alice, 'react to this', '❤️').click();
    await waitForChip(alice, 'react to this', '❤️', { label: '❤️ 1, choose to react', pressed: 'false' });
    await waitForChip(bob, 'react to this', '❤️', { label: '❤️ 1, yours: choose to remove', pressed: 'true' });

    // A reload keeps the state (it comes with the history).
    await bob.reload();
    await waitForTexts(bob, ['react to this']);
    await waitForChip(bob, 'react to this', '❤️', { label: '❤️ 1, yours: choose to remove', pressed: 'true' });
    await aliceContext.close();
    await bobContext.close();
  });

  it('pins: pinned from the actions menu, a pinned bar on both sides that jumps to the message, unpinned again', async () => {
    const { aliceContext, bobContext, alice, bob } = await twoInAChat(env, ['pia', 'pat']);
    await send(alice, 'the important one');
    await send(alice, 'chatter');
    await openBobsChat(bob, ['the important one', 'chatter']);

    await chooseAction(alice, 'the important one', 'Pin');
    for (const page of [alice, bob]) {
      await page.getByRole('button', { name: 'Pinned message: the important one' }).waitFor();
    }
    assert.deepEqual(await axeViolations(bob), [], 'pinned bar');
    await screenshots(bob, 'pinned');

    // Choosing the bar shows the message and gives it focus.
    await bob.getByRole('button', { name: 'Pinned message: the important one' }).click();
    await waitForFocusedMessage(bob, 'the important one');

    // Bob (a private chat: both may pin) unpins it; the bar goes on both sides.
    await chooseAction(bob, 'the important one', 'Unpin');
    for (const page of [alice, bob]) {
      await page.getByRole('button', { name: /^Pinned message/ }).waitFor({ state: 'detached' });
    }
    await aliceContext.close();
    await bobContext.close();
  });

  it('polls: created in a dialog, voted on in the bubble, results live on both sides', async () => {
    const { aliceContext, bobContext, alice, bob } = await twoInAChat(env, ['pol', 'pet']);
    await send(alice, 'a poll follows');
    await openBobsChat(bob, ['a poll follows']);

    await alice.getByRole('button', { name: 'Poll', exact: true }).click();
    const dialog = alice.getByRole('dialog', { name: 'New poll' });
    await dialog.waitFor();
    await dialog.getByLabel('Question').fill('Lunch?');
    await dialog.getByRole('button', { name: 'Create poll' }).click();
    await dialog.getByText('A poll needs a question and at least two different options.', { exact: false }).last().waitFor();
    await dialog.getByLabel('Option 1').fill('Pizza');
    await dialog.getByLabel('Option 2').fill('Soup');
    await dialog.getByRole('button', { name: 'Add option' }).click();
    await dialog.getByLabel('Option 3').fill('Salad');
    assert.deepEqual(await axeViolations(alice), [], 'poll dialog');
    await dialog.getByRole('button', { name: 'Create poll' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Bob votes for Soup with the keyboard: the options are a radio group.
    const bobPoll = messageWith(bob, 'Lunch?');
    await bobPoll.waitFor();
    await bobPoll.getByRole('radio', { name: 'Soup' }).check();
    await bobPoll.getByRole('button', { name: 'Vote' }).click();
    await bobPoll.getByRole('listitem', { name: 'Soup: 100%, 1 vote, your choice' }).waitFor();
    assert.deepEqual(await axeViolations(bob), [], 'poll results');
    await screenshots(bob, 'poll');

    // Alice votes Pizza and sees both votes; Bob's results follow live without losing his choice.
    const alicePoll = messageWith(alice, 'Lunch?');
    await alicePoll.getByRole('radio', { name: 'Pizza' }).check();
    await alicePoll.getByRole('button', { name: 'Vote' }).click();
    await alicePoll.getByRole('listitem', { name: 'Pizza: 50%, 1 vote, your choice' }).waitFor();
    await alicePoll.getByRole('listitem', { name: 'Soup: 50%, 1 vote' }).waitFor();
    await bobPoll.getByRole('listitem', { name: 'Soup: 50%, 1 vote, your choice' }).waitFor();
    await bobPoll.getByRole('listitem', { name: 'Pizza: 50%, 1 vote' }).waitFor();
    await aliceContext.close();
    await bobContext.close();
  });
}
