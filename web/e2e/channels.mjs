// Browser test of channels and supergroups: create (public, by username), join by username, read and post, posts
// arriving live through the per-chat push (its own seq, not the user's pts), and leaving. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { VIEWPORTS, axeViolations, newPage, register, screenshots, send, uniqueUsername, waitForTexts } from './harness.mjs';

export async function createLarge(page, title, kindLabel, username) {
  await page.getByRole('button', { name: 'New channel' }).click();
  await page.getByLabel('Name', { exact: true }).fill(title);
  await page.getByLabel(kindLabel).check();
  await page.getByLabel('Public username (optional)').fill(username);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { name: title }).waitFor();
}

export async function join(page, username, title) {
  await page.getByRole('button', { name: 'Join channel' }).click();
  await page.getByLabel('Channel or supergroup username').fill(username);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('heading', { name: title }).waitFor();
}

export function channelTests(env) {
  const { problems } = env;

  it('a channel: the owner posts, a subscriber who joined by username reads live and cannot post, then leaves', async () => {
    const contexts = await Promise.all([0, 1].map(() => env.browser.newContext({ viewport: VIEWPORTS.desktop })));
    const [alice, bob] = await Promise.all(contexts.map((c) => newPage(c, problems)));
    await register(alice, env.server.url, uniqueUsername('olga'), 'Olga');
    await register(bob, env.server.url, uniqueUsername('paul'), 'Paul');
    const channel = uniqueUsername('news');

    await alice.getByRole('button', { name: 'New channel' }).click();
    assert.deepEqual(await axeViolations(alice), [], 'new channel form');
    await alice.getByRole('button', { name: 'Cancel' }).click();
    await createLarge(alice, 'Parley News', 'Channel: only admins post', channel);
    await send(alice, 'first post');
    await waitForTexts(alice, ['first post']);

    await join(bob, channel, 'Parley News');
    await waitForTexts(bob, ['first post']);
    await bob.getByText('Only the channel’s admins post here.').waitFor();
    assert.equal(await bob.getByRole('textbox', { name: 'Message' }).count(), 0, 'subscribers have no composer');
    assert.deepEqual(await axeViolations(bob), [], 'channel as a subscriber');
    await screenshots(bob, 'channel');

    await send(alice, 'second post');
    await waitForTexts(bob, ['first post', 'second post']);

    await bob.getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('dialog', { name: 'Leave Parley News?' }).getByRole('button', { name: 'Leave' }).click();
    await bob.locator('a.chatrow').filter({ hasText: 'Parley News' }).waitFor({ state: 'detached' });
    await Promise.all(contexts.map((c) => c.close()));
  });

  it('a supergroup: a member who joined posts, and the owner sees it live with the sender’s name', async () => {
    const contexts = await Promise.all([0, 1].map(() => env.browser.newContext({ viewport: VIEWPORTS.desktop })));
    const [alice, bob] = await Promise.all(contexts.map((c) => newPage(c, problems)));
    await register(alice, env.server.url, uniqueUsername('rita'), 'Rita');
    await register(bob, env.server.url, uniqueUsername('stan'), 'Stan');
    const group = uniqueUsername('talk');

    await createLarge(alice, 'Open Talk', 'Supergroup: everyone posts', group);
    await send(alice, 'welcome all');
    await join(bob, group, 'Open Talk');
    await waitForTexts(bob, ['welcome all']);
    await send(bob, 'hi from Stan');
    await waitForTexts(alice, ['welcome all', 'hi from Stan']);
    await alice.locator('[data-message-id]').filter({ hasText: 'hi from Stan' }).locator('.sender', { hasText: 'Stan' }).waitFor();
    await Promise.all(contexts.map((c) => c.close()));
  });
}
