// Browser tests of the account screens against a real server: register, reload, revoke from another browser,
// accessibility scans and screenshots. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { PASSWORD, VIEWPORTS, axeViolations, login, newPage, register, screenshots, startRelay, uniqueUsername } from './harness.mjs';

/** Defines the tests; `env` holds the suite's server, browser and list of page problems (browser.test.mjs). */
export function accountTests(env) {
  const { problems } = env;
  it('registers, and a reload keeps the session', async () => {
    const context = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await newPage(context, problems);
    const username = uniqueUsername('alice');
    await register(page, env.server.url, username, 'Alice');
    await page.reload();
    await page.getByRole('heading', { name: 'Chats' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText(`Signed in as Alice (@${username})`).waitFor();
    await context.close();
  });

  it('revoking a session from a second browser logs the first one out', async () => {
    const first = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const second = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page1 = await newPage(first, problems);
    const page2 = await newPage(second, problems);
    const username = uniqueUsername('bob');
    await register(page1, env.server.url, username, 'Bob');
    await login(page2, env.server.url, username);

    await page2.getByRole('link', { name: 'Settings' }).click();
    const revoke = page2.getByRole('button', { name: /^Revoke session on / });
    await revoke.waitFor();
    assert.equal(await revoke.count(), 1, 'exactly one other session is listed');
    await revoke.click();
    await page2.getByText('Session revoked.').waitFor();

    await page1.getByRole('heading', { name: 'Log in to Parley' }).waitFor();
    await page1.getByText('You were logged out because this session was ended on another device.').waitFor();
    await page1.reload();
    await page1.getByRole('heading', { name: 'Log in to Parley' }).waitFor();
    await first.close();
    await second.close();
  });

  it('changes the password, deletes the account from a focus-trapped dialog, and the old login fails', async () => {
    const context = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await newPage(context, problems);
    const username = uniqueUsername('carol');
    await register(page, env.server.url, username, 'Carol');
    await page.getByRole('link', { name: 'Settings' }).click();

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(`${PASSWORD}!`);
    await page.getByLabel('Repeat new password').fill(`${PASSWORD}!`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();

    await page.getByRole('button', { name: 'Delete account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.waitFor();
    const field = dialog.getByLabel('Password');
    assert.ok(await field.evaluate((el) => el === document.activeElement), 'focus moves into the dialog');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await dialog.evaluate((el) => el.contains(document.activeElement)), 'Tab stays inside the dialog');
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(
      await page.getByRole('button', { name: 'Delete account…' }).evaluate((el) => el === document.activeElement),
      'focus returns to the button that opened the dialog',
    );

    await page.getByRole('button', { name: 'Delete account…' }).click();
    await dialog.getByLabel('Password').fill(`${PASSWORD}!`);
    await dialog.getByRole('button', { name: 'Delete forever' }).click();
    await page.getByRole('heading', { name: 'Log in to Parley' }).waitFor();

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(`${PASSWORD}!`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await context.close();
  });

  it('shows a reconnecting banner while the network is down and resumes the same session after', async () => {
    const relay = await startRelay(env.server.port);
    const context = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await newPage(context, problems);
    await register(page, relay.url, uniqueUsername('erin'), 'Erin');
    const banner = page.getByTestId('connection-banner');
    relay.cut();
    await banner.getByText('Reconnecting…').waitFor();
    await screenshots(page, 'reconnecting');
    relay.restore();
    await banner.getByText('Reconnecting…').waitFor({ state: 'detached', timeout: 40_000 });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText(/^Signed in as Erin/).waitFor();
    await context.close();
    await relay.close();
  });

  it('has no serious or critical accessibility violations on the login, register and settings screens', async () => {
    for (const [scheme, viewport] of [['light', VIEWPORTS.desktop], ['dark', VIEWPORTS.phone]]) {
      const context = await env.browser.newContext({ viewport, colorScheme: scheme });
      const page = await newPage(context, problems);
      await page.goto(`${env.server.url}/#/login`);
      await page.getByRole('heading', { name: 'Log in to Parley' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `login (${scheme})`);
      await screenshots(page, `login-${scheme}`);

      await page.goto(`${env.server.url}/#/register`);
      await page.getByRole('heading', { name: 'Create your Parley account' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `register (${scheme})`);

      await register(page, env.server.url, uniqueUsername('dana'), 'Dana');
      assert.deepEqual(await axeViolations(page), [], `chats (${scheme})`);
      await screenshots(page, `chats-${scheme}`);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Delete account…' }).waitFor();
      await page.getByText(/^Signed in as/).waitFor();
      assert.deepEqual(await axeViolations(page), [], `settings (${scheme})`);
      await screenshots(page, `settings-${scheme}`);
      await context.close();
    }
  });
}
