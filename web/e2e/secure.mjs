// Browser test of end-to-end encryption (docs/protocol/e2e.md): one encrypted group with a browser member (ts-mls)
// and Java CLI members (Bouncy Castle's bcmls) as separate processes with their own profiles, against the real
// server. Messages both ways, add and remove, a removed member locked out, a closed browser catching up through
// several epochs, and finally the server's database read directly: it must hold none of the texts. Run by
// browser.test.mjs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { PASSWORD, VIEWPORTS, axeViolations, messageWith, newPage, register, screenshots, send, uniqueUsername, waitForTexts } from './harness.mjs';

const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function javaExecutable() {
  for (const home of [process.env.JAVA_HOME, '/usr/lib/jvm/temurin-25-jdk-amd64']) {
    if (home && existsSync(join(home, 'bin', 'java'))) return join(home, 'bin', 'java');
  }
  return 'java';
}

/** The CLI's classpath: PARLEY_CLIENT_CLASSPATH, else the reactor's client/target jars. */
function clientClasspath() {
  if (process.env.PARLEY_CLIENT_CLASSPATH) return process.env.PARLEY_CLIENT_CLASSPATH;
  const target = join(repoDir, 'client', 'target');
  const jar = existsSync(target) ? readdirSync(target).find((f) => /^parley-client-.*(?<!-tests)\.jar$/.test(f)) : undefined;
  if (!jar) throw new Error(`no client build in ${target}: run "mvn -B package -DskipTests" first`);
  return [join(target, jar), join(target, 'lib', '*')].join(':');
}

/** One CLI device: a profile directory of its own, so each is a separate session with its own MLS state. */
export function cliDevice(server, profiles) {
  const profile = mkdtempSync(join(profiles, 'p-'));
  const run = (...args) =>
    new Promise((resolvePromise, reject) => {
      execFile(
        javaExecutable(),
        ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', clientClasspath(), 'dev.parley.cli.Cli', '--profile', profile, '--server', server, '--json', ...args],
        { env: { ...process.env, PARLEY_PASSWORD: PASSWORD }, timeout: 120_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`parley cli ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`)) : resolvePromise(stdout)),
      );
    });
  const history = async (chatId) => JSON.parse((await run('history', String(chatId))).trim().split('\n').pop()).messages;
  return {
    run,
    /** The chat's messages as this device reads them (decrypted, replies and edits applied), oldest first. */
    history,
    /** The chat's texts as this device reads them (decrypted where it can), oldest first. */
    async texts(chatId) {
      return (await history(chatId)).map((m) => m.text || null);
    },
  };
}

/** Every file of the server's data directory (the SQLite database and its write-ahead log) as one buffer. */
export function storedBytes(dataDir) {
  const parts = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else parts.push(readFileSync(path));
    }
  };
  walk(dataDir);
  return Buffer.concat(parts);
}

export function secureTests(env) {
  const { problems } = env;

  it('an encrypted group of a browser and Java CLI devices: both ways, add/remove, offline catch-up, no plaintext on the server', async () => {
    const profiles = mkdtempSync(join(tmpdir(), 'parley-e2e-cli-'));
    const context = await env.browser.newContext({ viewport: VIEWPORTS.desktop });
    try {
      const [aliceName, bobName, carolName] = ['ann', 'ben', 'cid'].map(uniqueUsername);
      const bob = cliDevice(env.server.url, profiles);
      const carol = cliDevice(env.server.url, profiles);
      // Registering on the CLI registers the device key and uploads its key packages.
      await Promise.all([bob.run('register', bobName, '--display-name', 'Ben'), carol.run('register', carolName, '--display-name', 'Cid')]);

      let alice = await newPage(context, problems);
      await register(alice, env.server.url, aliceName, 'Ann');

      // Ann creates an encrypted group with Ben: her browser creates the MLS group and commits Ben's device in.
      await alice.getByRole('button', { name: 'New group' }).click();
      await alice.getByLabel('Group name').fill('Secret');
      await alice.getByLabel('Member’s username').fill(bobName);
      await alice.getByRole('button', { name: 'Add', exact: true }).click();
      await alice.getByRole('list', { name: 'Members to add' }).getByText('Ben').waitFor();
      const encrypted = alice.getByRole('checkbox', { name: 'End-to-end encrypted' });
      await encrypted.check({ timeout: 30_000 });
      await alice.getByRole('button', { name: 'Create group' }).click();
      await alice.getByRole('heading', { name: 'Secret' }).waitFor();
      await alice.getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
      const chatId = Number(/#\/chat\/(\d+)/.exec(alice.url())?.[1]);
      assert.ok(chatId > 0, `chat id in ${alice.url()}`);

      const texts = {
        web1: 'web says hi over mls',
        java1: 'java answers over mls',
        java1Edited: 'java answers over mls, edited on the cli',
        web1Edited: 'web says hi over mls, edited in the browser',
        webReply: 'the browser replies to java',
        javaGroup: 'a group made by the java cli',
        webInJavaGroup: 'the browser answers in it',
        carol: 'cid joined the secret',
        afterRemove: 'cid must never read this',
        offline1: 'while ann was away, one',
        offline2: 'while ann was away, two',
        offline3: 'while ann was away, three',
      };

      // Browser → Java: Ben's bcmls joins from the ts-mls Welcome and decrypts.
      await send(alice, texts.web1);
      await waitForTexts(alice, [texts.web1]);
      assert.deepEqual(await bob.texts(chatId), [texts.web1]);

      // Java → browser.
      await bob.run('send', String(chatId), texts.java1);
      await waitForTexts(alice, [texts.web1, texts.java1]);
      assert.deepEqual(await axeViolations(alice), [], 'encrypted chat');
      // Replies and edits travel inside the encrypted payload; forwarding and polls stay cloud-only.
      await messageWith(alice, texts.web1).locator('.msg-actions').focus();
      await alice.keyboard.press('Enter');
      const menu = alice.getByRole('menu', { name: 'Message actions menu' });
      assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Reply', 'Edit', 'React', 'Pin', 'Delete']);
      // Escape on an item of the menu (the menu moves focus to its first item asynchronously).
      await menu.getByRole('menuitem', { name: 'Reply' }).press('Escape');
      await menu.waitFor({ state: 'detached' });

      // Ann replies to Ben's message in the browser: his CLI reads the reply and what it answers.
      await messageWith(alice, texts.java1).locator('.bubble').click({ button: 'right' });
      await alice.getByRole('menuitem', { name: 'Reply' }).click();
      await send(alice, texts.webReply);
      await waitForTexts(alice, [texts.web1, texts.java1, texts.webReply]);
      await messageWith(alice, texts.webReply).locator('.quote', { hasText: texts.java1 }).waitFor();
      let atBob = await bob.history(chatId);
      const java1Id = atBob.find((m) => m.text === texts.java1).id;
      assert.equal(atBob.find((m) => m.text === texts.webReply).replyToId, java1Id);

      // Ann edits her first message: Ben's CLI reads the new text, marked edited; the edit itself is not a message.
      await messageWith(alice, texts.web1).locator('.bubble').click({ button: 'right' });
      await alice.getByRole('menuitem', { name: 'Edit' }).click();
      // The draft's text reaches the box in the render after the "Editing" bar: wait for it, not race it.
      await alice.waitForFunction((text) => document.querySelector('.composer textarea')?.value === text, texts.web1);
      await alice.getByRole('textbox', { name: 'Message' }).fill(texts.web1Edited);
      await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
      await waitForTexts(alice, [texts.web1Edited, texts.java1, texts.webReply]);
      atBob = await bob.history(chatId);
      assert.deepEqual(atBob.map((m) => m.text), [texts.web1Edited, texts.java1, texts.webReply]);
      assert.ok(atBob[0].editDate > 0, 'marked edited on the CLI');

      // Ben edits his message on the CLI: the browser shows the new text, "edited", live.
      await bob.run('edit', String(chatId), String(java1Id), texts.java1Edited);
      await waitForTexts(alice, [texts.web1Edited, texts.java1Edited, texts.webReply]);
      await messageWith(alice, texts.java1Edited).locator('.edited').waitFor();
      await messageWith(alice, texts.webReply).locator('.quote', { hasText: texts.java1Edited }).waitFor();
      assert.equal(await alice.getByRole('button', { name: 'Poll', exact: true }).count(), 0);
      await screenshots(alice, 'e2e-group');

      // Ben's CLI creates a group of its own (encrypted by default) with Ann: her browser joins from bcmls's Welcome.
      const plans = JSON.parse((await bob.run('group', 'create', 'Plans', aliceName)).trim().split('\n').pop()).chat;
      assert.equal(plans.e2e, true);
      await bob.run('send', String(plans.chatId), texts.javaGroup);
      await alice.locator('a.chatrow').filter({ hasText: 'Plans' }).click();
      await waitForTexts(alice, [texts.javaGroup]);
      await send(alice, texts.webInJavaGroup);
      await waitForTexts(alice, [texts.javaGroup, texts.webInJavaGroup]);
      assert.deepEqual(await bob.texts(plans.chatId), [texts.javaGroup, texts.webInJavaGroup]);

      // An encrypted private chat shows the same safety number in the browser as `parley cli verify` on Ben's side.
      await alice.getByRole('button', { name: 'New chat' }).click();
      await alice.getByLabel('Username to chat with').fill(bobName);
      await alice.getByRole('checkbox', { name: 'End-to-end encrypted' }).check();
      await alice.getByRole('button', { name: 'Start chat' }).click();
      await alice.getByRole('img', { name: 'End-to-end encrypted' }).waitFor();
      await alice.getByRole('button', { name: 'Verify' }).click();
      const digits = (await alice.getByTestId('safety-number').textContent()).replaceAll(' ', '');
      assert.equal(digits, JSON.parse((await bob.run('verify', aliceName)).trim().split('\n').pop()).safetyNumber);
      assert.deepEqual(await axeViolations(alice), [], 'safety number dialog');
      await alice.getByRole('button', { name: 'Close' }).click();

      await alice.goto(`${env.server.url}/#/chat/${chatId}`);
      await waitForTexts(alice, [texts.web1Edited, texts.java1Edited, texts.webReply]);

      // Disappearing messages: any member sets the group's timer from its header; reopening the chat reads it back
      // from the device's state, where the server's e2eTimer update put it (a day: nothing here expires).
      await alice.getByLabel('Disappearing messages').selectOption('86400');
      await alice.waitForFunction(() => {
        const select = document.querySelector('.e2e-timer select');
        return select?.value === '86400' && !select.disabled;
      });
      assert.deepEqual(await axeViolations(alice), [], 'encrypted chat header with its timer');
      await alice.goto(`${env.server.url}/#/`);
      await alice.goto(`${env.server.url}/#/chat/${chatId}`);
      await waitForTexts(alice, [texts.web1Edited, texts.java1Edited, texts.webReply]);
      await alice.waitForFunction(() => document.querySelector('.e2e-timer select')?.value === '86400');

      // Ann adds Cid from the group info dialog: the commit that adds his device also makes him a member.
      await alice.getByRole('button', { name: 'Group info' }).click();
      const info = alice.getByRole('dialog', { name: 'Group info' });
      await info.getByLabel('Username to add').fill(carolName);
      await info.getByRole('button', { name: 'Add', exact: true }).click();
      await info.getByText('Cid was added.').waitFor();
      await carol.run('send', String(chatId), texts.carol);
      const before = [texts.web1Edited, texts.java1Edited, texts.webReply];
      await waitForTexts(alice, [...before, texts.carol]);
      assert.deepEqual(await bob.texts(chatId), [...before, texts.carol]);

      // Ann removes Cid; what she sends next reaches Ben but not Cid, whose device left the group with the commit.
      await info.getByRole('button', { name: 'Remove Cid' }).click();
      await info.getByRole('button', { name: 'Remove Cid' }).waitFor({ state: 'detached' });
      await alice.keyboard.press('Escape');
      await send(alice, texts.afterRemove);
      await waitForTexts(alice, [...before, texts.carol, texts.afterRemove]);
      assert.deepEqual(await bob.texts(chatId), [...before, texts.carol, texts.afterRemove]);
      const carolView = await carol.texts(chatId).catch((error) => {
        assert.match(error.message, /CHAT_NOT_FOUND/);
        return [];
      });
      assert.ok(!carolView.includes(texts.afterRemove), 'a removed member cannot read what is sent after the removal');

      // Ann closes the browser tab. Meanwhile Ben's devices change three times, each change an MLS commit (a new
      // epoch) made by Ben's first device before it sends.
      await alice.close();
      const bob2 = cliDevice(env.server.url, profiles);
      await bob2.run('login', bobName);
      await bob.run('send', String(chatId), texts.offline1);
      await bob2.run('logout');
      await bob.run('send', String(chatId), texts.offline2);
      const bob3 = cliDevice(env.server.url, profiles);
      await bob3.run('login', bobName);
      await bob.run('send', String(chatId), texts.offline3);

      // Ann opens Parley again: her device applies the commits from its own cursor and reads all three.
      alice = await newPage(context, problems);
      await alice.goto(`${env.server.url}/#/chat/${chatId}`);
      const all = [...before, texts.carol, texts.afterRemove, texts.offline1, texts.offline2, texts.offline3];
      await waitForTexts(alice, all);
      // Ben's newest device joined at the last epoch: it reads what came after, nothing from before it existed.
      const atBob3 = await bob3.texts(chatId);
      assert.equal(atBob3.pop(), texts.offline3);
      assert.ok(atBob3.every((text) => text === null), 'nothing from before bob3 existed');

      // The server's database, read directly: the people are there, none of the texts.
      const stored = storedBytes(env.server.dataDir);
      assert.ok(stored.includes(Buffer.from(aliceName)), 'the scan sees what the server stores');
      for (const text of Object.values(texts)) assert.ok(!stored.includes(Buffer.from(text)), `"${text}" is not on the server`);
    } finally {
      await context.close();
      rmSync(profiles, { recursive: true, force: true });
    }
  });
}
