// Rendering benchmark of the chat view (issue 6, "Performance"): seeds a private chat with N messages through the
// real server's HTTP API, opens it in Chromium, loads the whole history by scrolling, then measures
// (1) the time from opening the chat (history already in memory) to its first rendered screen and
// (2) frame intervals while scrolling through all of it. Run: `npm run perf [-- --messages 10000]`; prints JSON.
import { join } from 'node:path';
import { PASSWORD, VIEWPORTS, api, login, newPage, resultsDir, startBoth, uniqueUsername, writeResult } from './harness.mjs';

const count = Number(process.argv[process.argv.indexOf('--messages') + 1]) || 10_000;
const CONCURRENCY = 32;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const { server, browser } = await startBoth();
try {
  const aliceName = uniqueUsername('perfa');
  const bobName = uniqueUsername('perfb');
  const alice = await api(server.url, 'auth.register', { username: aliceName, password: PASSWORD, displayName: 'Alice' });
  const bob = await api(server.url, 'auth.register', { username: bobName, password: PASSWORD, displayName: 'Bob' });
  const { chat } = await api(server.url, 'chats.createPrivate', { userId: bob.userId }, alice.token);

  const seedStart = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const text = i % 7 === 0 ? `Message ${i}: a longer line that wraps on a phone screen, to vary row heights in the list` : `Message ${i}`;
        await api(server.url, 'messages.send', { chatId: chat.chatId, text, randomId: i + 1 }, alice.token);
      }
    }),
  );
  const seedMs = Date.now() - seedStart;

  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await newPage(context, []);
  await login(page, server.url, bobName);
  await page.locator('a.chatrow').filter({ hasText: 'Alice' }).click();
  await page.locator('[data-message-id]').first().waitFor();

  // Load the whole history: keep the list scrolled to the top until every message is in it.
  const loadStart = Date.now();
  const rowCount = () => page.locator('.vrow').first().getAttribute('aria-setsize').then(Number);
  while ((await rowCount()) < count) {
    await page.locator('.vlist').evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(30);
  }
  const loadMs = Date.now() - loadStart;
  const rows = await rowCount();

  // (1) Open the chat again: its history is in memory, so this is the render of the first screen after the data.
  await page.getByRole('link', { name: 'Chats' }).click();
  await page.locator('.chatview.empty-view').waitFor();
  const openMs = await page.evaluate(async () => {
    const link = document.querySelector('a.chatrow');
    const start = performance.now();
    link.click();
    return new Promise((resolve) => {
      const check = () => (document.querySelector('[data-message-id]') ? resolve(performance.now() - start) : requestAnimationFrame(check));
      check();
    });
  });

  // (2) Scroll from the bottom to the top, 600 px per frame, recording frame intervals.
  const frames = await page.evaluate(async () => {
    const list = document.querySelector('.vlist');
    list.scrollTop = list.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const intervals = [];
    let last = performance.now();
    return new Promise((resolve) => {
      const step = (now) => {
        intervals.push(now - last);
        last = now;
        if (list.scrollTop <= 0 || intervals.length > 5000) return resolve(intervals);
        list.scrollTop -= 600;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const result = {
    messages: count,
    rowsInList: Number(rows),
    seedSeconds: seedMs / 1000,
    loadWholeHistorySeconds: loadMs / 1000,
    openChatFirstScreenMs: Math.round(openMs * 10) / 10,
    scrollFrames: frames.length,
    frameMsP50: Math.round(percentile(sorted, 50) * 10) / 10,
    frameMsP95: Math.round(percentile(sorted, 95) * 10) / 10,
    frameMsMax: Math.round(sorted[sorted.length - 1] * 10) / 10,
    framesOver16ms: frames.filter((f) => f > 16.7).length,
  };
  writeResult('perf.json', result);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${join(resultsDir, 'perf.json')}`);
} finally {
  await browser.close();
  await server.stop();
}
