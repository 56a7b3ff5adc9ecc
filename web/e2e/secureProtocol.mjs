// The web client's end-to-end protocol code (web/src/e2e, ts-mls) driven directly against the real server, without
// a page: what the UI cannot easily show. A lone member sends and later commits someone in; two devices whose
// weekly self-updates fall due at once race for the same epoch, exactly one commit wins, the other rebases, and
// nobody forks; texts past the chat's disappearing timer leave the devices. The TypeScript is bundled for Node with esbuild (vite's), state lives in fake-indexeddb encrypted
// as in the browser. Run by browser.test.mjs.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { build } from 'esbuild';
import { IDBFactory } from 'fake-indexeddb';
import { PASSWORD, api, resultsDir, uniqueUsername } from './harness.mjs';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const WEEK = 7 * 24 * 3600 * 1000;

/** web/src/e2e bundled as one ES module (dependencies stay imports, resolved from web/node_modules). */
async function loadE2e() {
  mkdirSync(resultsDir, { recursive: true });
  const outfile = join(resultsDir, 'e2e-protocol.bundle.mjs');
  await build({
    stdin: {
      contents: [
        "export { SecureChats } from './e2e/secureChats';",
        "export { E2eState } from './e2e/state';",
        "export { EncryptedIdbStore } from './e2e/store';",
        "export { ParleyError } from './protocol/errors';",
      ].join('\n'),
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

/** localStorage as the browser has it. */
class MemoryStorage {
  items = new Map();
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

/** One web device: a registered session calling the server over HTTP, its state in its own IndexedDB. */
async function device(e2e, url, prefix, now) {
  const auth = await api(url, 'auth.register', { username: uniqueUsername(prefix), password: PASSWORD });
  const caller = {
    async call(method, params = {}) {
      const response = await fetch(`${url}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${auth.token}` },
        body: JSON.stringify(params),
      });
      const body = await response.json();
      if (body.error) throw new e2e.ParleyError(body.error.code, body.error.message);
      return body.result;
    },
  };
  const store = await e2e.EncryptedIdbStore.open(new IDBFactory(), new MemoryStorage(), auth.userId, auth.sessionId);
  const secure = await e2e.SecureChats.open(caller, new e2e.E2eState(store), auth.userId, auth.sessionId, now);
  return { userId: auth.userId, caller, secure };
}

/** The texts of the chat as this device reads them, oldest first. */
async function texts(d, chatId) {
  const { messages } = await d.caller.call('messages.getHistory', { chatId, limit: 50 });
  const revealed = await Promise.all(messages.map((m) => d.secure.reveal(m)));
  return revealed.reverse().map((m) => m.text || null);
}

export function secureProtocolTests(env) {
  it('web protocol: a lone member sends, then commits someone in; simultaneous self-updates: one wins, one rebases; timers expire texts', async () => {
    const e2e = await loadE2e();
    let clock = Date.parse('2026-03-02T09:00:00Z');
    const now = () => clock;
    const ann = await device(e2e, env.server.url, 'wann', now);

    // Alone in her new encrypted group, Ann writes: the group exists on her device only, uncommitted (epoch 0).
    const group = await ann.secure.createGroup('solo', []);
    await ann.secure.send(group.chatId, 'note to self');
    assert.equal(await ann.secure.epoch(group.chatId), 0);
    assert.deepEqual(await texts(ann, group.chatId), ['note to self']);

    // Ben gets a device; Ann adds him: that commit claims her group on the server.
    const ben = await device(e2e, env.server.url, 'wben', now);
    await ann.secure.addMember(group.chatId, ben.userId);
    assert.equal(await ann.secure.epoch(group.chatId), 1);
    await ann.secure.send(group.chatId, 'hello ben');
    await ben.secure.catchUp();
    assert.equal(await ben.secure.epoch(group.chatId), 1);
    assert.deepEqual((await texts(ben, group.chatId)).filter(Boolean), ['hello ben']);

    await ben.secure.send(group.chatId, 'hi ann');
    await ann.secure.catchUp();

    // A week later both devices' self-updates are due and both send at once: each commits for epoch 1 first. The
    // first commit the server takes wins; the other device gets STALE_EPOCH (or, if it was slower, sees the winner
    // before committing), applies the winner, commits again on the new epoch, then sends.
    clock += WEEK + 1;
    const [fromAnn, fromBen] = await Promise.all([
      ann.secure.send(group.chatId, 'ann at the same time'),
      ben.secure.send(group.chatId, 'ben at the same time'),
    ]);
    await Promise.all([ann.secure.catchUp(), ben.secure.catchUp()]);
    // Two self-updates, one after the other, and both devices on the same epoch: nobody forked.
    assert.equal(await ann.secure.epoch(group.chatId), 3);
    assert.equal(await ben.secure.epoch(group.chatId), 3);
    const concurrent = [fromAnn, fromBen].sort((a, b) => a.message.id - b.message.id).map((sent) => sent.message.text);
    const expected = ['hello ben', 'hi ann', ...concurrent];
    assert.deepEqual(await texts(ann, group.chatId), ['note to self', ...expected]);
    assert.deepEqual((await texts(ben, group.chatId)).filter(Boolean), expected);

    // Within the week nothing more is committed.
    await ann.secure.send(group.chatId, 'same week');
    assert.equal(await ann.secure.epoch(group.chatId), 3);

    // Disappearing messages: with an hour's timer, two hours later the text is gone from both devices, before the
    // server's housekeeping deletes the ciphertext.
    await ann.secure.setTimer(group.chatId, 3600);
    clock = Date.now();
    const sent = await ann.secure.send(group.chatId, 'gone in an hour');
    // As the server serves it: an encrypted message's text is empty until a device fills it in.
    const vanishing = { message: { ...sent.message, text: '' } };
    await ben.secure.catchUp();
    assert.equal((await ben.secure.reveal(vanishing.message)).text, 'gone in an hour');
    clock += 2 * 3600 * 1000;
    assert.ok(!(await ben.secure.reveal(vanishing.message)).text, 'expired on the reader');
    assert.ok(!(await ann.secure.reveal(vanishing.message)).text, 'expired on the sender');
    clock -= 2 * 3600 * 1000;
    assert.ok(!(await ben.secure.reveal(vanishing.message)).text, 'forgotten, not hidden');
  });
}
