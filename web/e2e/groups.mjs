// Browser test of groups: creation with members picked by username, the member list, adding and removing members,
// renaming and leaving, with three people in three browser contexts seeing each change live. Run by
// browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { VIEWPORTS, axeViolations, newPage, register, screenshots, send, uniqueUsername, waitForTexts } from './harness.mjs';

/** The names in the open group info dialog's member list. */
function memberNames(page) {
  return page.getByRole('dialog', { name: 'Group info' }).locator('.member strong').allTextContents();
}

async function waitForMembers(page, expected) {
  const deadline = Date.now() + 20_000;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await memberNames(page);
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(seen, expected);
}

export function groupTests(env) {
  const { problems } = env;

  it('group creation, member add/remove, rename and leave, live for everyone', async () => {
    const contexts = await Promise.all([0, 1, 2].map(() => env.browser.newContext({ viewport: VIEWPORTS.desktop })));
    const [alice, bob, carol] = await Promise.all(contexts.map((c) => newPage(c, problems)));
    const names = ['gina', 'hank', 'iris'].map(uniqueUsername);
    await register(alice, env.server.url, names[0], 'Gina');
    await register(bob, env.server.url, names[1], 'Hank');
    await register(carol, env.server.url, names[2], 'Iris');

    // Alice creates a group, picking Bob by username; an unknown username is refused with a message.
    await alice.getByRole('button', { name: 'New group' }).click();
    await alice.getByLabel('Group name').fill('Trip');
    const pick = alice.getByLabel('Member’s username');
    await pick.fill('nobody_here_at_all');
    await pick.press('Enter');
    await alice.getByText('There is no one with that username.').waitFor();
    await pick.fill(names[1]);
    await alice.getByRole('button', { name: 'Add', exact: true }).click();
    await alice.getByRole('list', { name: 'Members to add' }).getByText('Hank').waitFor();
    assert.deepEqual(await axeViolations(alice), [], 'new group form');
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.getByRole('heading', { name: 'Trip' }).waitFor();
    await send(alice, 'welcome');

    // Bob sees the group appear, live.
    await bob.locator('a.chatrow').filter({ hasText: 'Trip' }).click();
    await waitForTexts(bob, ['welcome']);

    // Alice adds Carol from the group info dialog; the list shows all three.
    await alice.getByRole('button', { name: 'Group info' }).click();
    const info = alice.getByRole('dialog', { name: 'Group info' });
    await info.waitFor();
    await waitForMembers(alice, ['You', 'Hank']);
    await info.getByLabel('Username to add').fill(names[2]);
    await info.getByRole('button', { name: 'Add', exact: true }).click();
    await info.getByText('Iris was added.').waitFor();
    await waitForMembers(alice, ['You', 'Hank', 'Iris']);
    await carol.locator('a.chatrow').filter({ hasText: 'Trip' }).waitFor();
    assert.deepEqual(await axeViolations(alice), [], 'group info');
    await screenshots(alice, 'group-info');

    // Alice removes Bob: his chat list loses the group, live; Carol's member count drops.
    await info.getByRole('button', { name: 'Remove Hank' }).click();
    await waitForMembers(alice, ['You', 'Iris']);
    await bob.locator('a.chatrow').filter({ hasText: 'Trip' }).waitFor({ state: 'detached' });

    // Alice renames the group; Carol sees the new name.
    await info.getByLabel('Group name').fill('Trip 2027');
    await info.getByRole('button', { name: 'Rename' }).click();
    await info.getByText('Group renamed.').waitFor();
    await carol.locator('a.chatrow').filter({ hasText: 'Trip 2027' }).waitFor();

    // Alice makes Carol an admin: Carol's group info offers renaming at once; then Alice dismisses her again.
    await info.getByRole('button', { name: 'Make admin: Iris' }).click();
    await info.getByText('Iris is now an admin.').waitFor();
    await carol.locator('a.chatrow').filter({ hasText: 'Trip 2027' }).click();
    await carol.getByRole('button', { name: 'Group info' }).click();
    await carol.getByRole('dialog', { name: 'Group info' }).getByLabel('Group name').waitFor();
    await carol.keyboard.press('Escape');
    await info.getByRole('button', { name: 'Dismiss admin: Iris' }).click();
    await info.getByText('Iris is no longer an admin.').waitFor();

    // Carol, a plain member, sees the members but cannot remove anyone; then she leaves.
    await carol.locator('a.chatrow').filter({ hasText: 'Trip 2027' }).click();
    await carol.getByRole('button', { name: 'Group info' }).click();
    const carolInfo = carol.getByRole('dialog', { name: 'Group info' });
    await waitForMembers(carol, ['Gina', 'You']);
    await carolInfo.getByLabel('Group name').waitFor({ state: 'detached' });
    assert.equal(await carolInfo.getByRole('button', { name: /^Remove / }).count(), 0);
    await carolInfo.getByRole('button', { name: 'Leave group' }).click();
    await carolInfo.getByText('Leave this group?').waitFor();
    await carolInfo.getByRole('button', { name: 'Leave group' }).click();
    await carol.locator('a.chatrow').filter({ hasText: 'Trip 2027' }).waitFor({ state: 'detached' });

    // Alice's open member list follows: only she is left. Escape closes the dialog and focus returns to its button.
    await waitForMembers(alice, ['You']);
    await alice.keyboard.press('Escape');
    await info.waitFor({ state: 'detached' });
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Group info');
    await Promise.all(contexts.map((c) => c.close()));
  });
}
