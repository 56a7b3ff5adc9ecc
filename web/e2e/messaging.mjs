// Browser tests of chatting against a real server: two people in two browser contexts, live delivery in order,
// optimistic sends, history after a reload, and catch-up after a network drop. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  VIEWPORTS,
  axeViolations,
  newPage,
  openChatWith,
  register,
  screenshots,
  send,
  startRelay,
  uniqueUsername,
  waitForTexts,
} from './harness.mjs';

/** Defines the tests; `env` holds the suite's server, browser and list of page problems (browser.test.mjs). */
export function messagingTests(env) {
  const { problems } = env;
  it('two people see the same messages in the same order, live, and again after a reload', async () => {
    const aliceContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const bobContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const alice = await newPage(aliceContext, problems);
    const bob = await newPage(bobContext, problems);
    const aliceName = uniqueUsername('alice');
    const bobName = uniqueUsername('bob');
    await register(alice, env.server.url, aliceName, 'Alice');
    await register(bob, env.server.url, bobName, 'Bob');

    await openChatWith(alice, bobName);
    await send(alice, 'Hi Bob');
    await waitForTexts(alice, ['Hi Bob']);

    // Bob's list shows the new chat with an unread badge and the preview, live.
    const row = bob.locator('a.chatrow').filter({ hasText: 'Alice' });
    await row.getByText('Hi Bob').waitFor();
    await row.getByLabel('1 unread message').waitFor();
    await row.click();
    await waitForTexts(bob, ['Hi Bob']);
    await row.getByLabel(/unread/).waitFor({ state: 'detached' });

    // Each answers what they have seen (an encrypted send takes a moment on the device, so two people typing at
    // once could land in either order; both would still see the server's one order).
    await send(bob, 'Hello Alice');
    await waitForTexts(alice, ['Hi Bob', 'Hello Alice']);
    await send(alice, 'How are you?');
    await waitForTexts(bob, ['Hi Bob', 'Hello Alice', 'How are you?']);
    await send(bob, 'Fine, thanks');
    const expected = ['Hi Bob', 'Hello Alice', 'How are you?', 'Fine, thanks'];
    await waitForTexts(alice, expected);
    await waitForTexts(bob, expected);
    assert.equal(await alice.locator('[data-pending]').count(), 0, 'no message is left pending');
    assert.deepEqual(await axeViolations(alice), [], 'chat view');
    await screenshots(alice, 'chat');

    await alice.reload();
    await alice.locator('a.chatrow').filter({ hasText: 'Bob' }).click();
    await waitForTexts(alice, expected);
    await aliceContext.close();
    await bobContext.close();
  });

  it('after a network drop the client catches up with every missed message exactly once', async () => {
    // Bob reaches the server through a relay the test can cut.
    const relay = await startRelay(env.server.port);
    const aliceContext = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const bobContext = await env.browser.newContext({ viewport: VIEWPORTS.phone });
    const alice = await newPage(aliceContext, problems);
    const bob = await newPage(bobContext, problems);
    const aliceName = uniqueUsername('amy');
    const bobName = uniqueUsername('ben');
    await register(alice, env.server.url, aliceName, 'Amy');
    await register(bob, relay.url, bobName, 'Ben');
    await openChatWith(alice, bobName);
    await send(alice, 'one');
    await bob.locator('a.chatrow').filter({ hasText: 'Amy' }).click();
    await waitForTexts(bob, ['one']);

    // Bob's network goes away; Alice keeps writing.
    relay.cut();
    await bob.getByText('Reconnecting…').waitFor();
    for (const text of ['two', 'three', 'four']) await send(alice, text);
    await waitForTexts(alice, ['one', 'two', 'three', 'four']);

    // A message Bob writes while offline waits, then goes out once the socket is back.
    await send(bob, 'typed offline');
    relay.restore();
    await bob.getByText('Reconnecting…').waitFor({ state: 'detached', timeout: 40_000 });
    await waitForTexts(bob, ['one', 'two', 'three', 'four', 'typed offline']);
    await waitForTexts(alice, ['one', 'two', 'three', 'four', 'typed offline']);
    await screenshots(bob, 'chat-after-catch-up');
    await aliceContext.close();
    await bobContext.close();
    await relay.close();
  });
}
