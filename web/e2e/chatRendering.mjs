// The 10,000-message rendering measurement (issue 6, "Performance"), shared by the browser test (performance.mjs)
// and the standalone `npm run perf`: seed a private chat through the real server's HTTP API, open it in Chromium,
// load the whole history by scrolling up, then measure (1) the time from opening the chat (history in memory) to
// its first screen, newest message included, and (2) frame intervals while scrolling through all of it.
import { PASSWORD, VIEWPORTS, api, login, newPage, uniqueUsername } from './harness.mjs';

const SEED_BATCH = 100;

/**
 * Alice writes 100 messages (every 7th long enough to wrap, so row heights vary) into a group of her own, then
 * forwards them into her private chat with Bob in batches of 100 until it holds `count`: 1 call per 100 messages
 * instead of 100, so seeding takes seconds, not minutes. Returns Bob's username.
 */
export async function seedChat(url, count) {
  const aliceName = uniqueUsername('perfa');
  const bobName = uniqueUsername('perfb');
  const alice = await api(url, 'auth.register', { username: aliceName, password: PASSWORD, displayName: 'Alice' });
  const bob = await api(url, 'auth.register', { username: bobName, password: PASSWORD, displayName: 'Bob' });
  const { chat } = await api(url, 'chats.createPrivate', { userId: bob.userId }, alice.token);
  const { chat: source } = await api(url, 'chats.createGroup', { title: 'Seed', memberIds: [] }, alice.token);
  const ids = [];
  for (let i = 0; i < SEED_BATCH; i++) {
    const text = i % 7 === 0 ? `Message ${i}: a longer line that wraps on a phone screen, to vary row heights in the list` : `Message ${i}`;
    const { message } = await api(url, 'messages.send', { chatId: source.chatId, text, randomId: i + 1 }, alice.token);
    ids.push(message.id);
  }
  for (let done = 0; done < count; done += SEED_BATCH) {
    const batch = ids.slice(0, Math.min(SEED_BATCH, count - done));
    const randomIds = batch.map((_, j) => 1_000_000 + done + j);
    await api(url, 'messages.forward', { fromChatId: source.chatId, ids: batch, toChatId: chat.chatId, randomIds }, alice.token);
  }
  return bobName;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (ms) => Math.round(ms * 10) / 10;

/**
 * Scrolls the list from the bottom to the top by `step` px per animation frame. Records per frame the interval
 * between frames (what the user sees) and the main-thread work of the frame: from the frame's start (the rAF
 * timestamp) to a message posted from the rAF callback, which runs only after that frame's scroll handlers,
 * rendering, style, layout and paint are done.
 */
function scrollFrames(page, step) {
  return page.evaluate(async (pixels) => {
    const list = document.querySelector('.vlist');
    list.scrollTop = list.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const intervals = [];
    const work = [];
    let maxRows = 0;
    let last = performance.now();
    const channel = new MessageChannel();
    return new Promise((resolve) => {
      let frameStart = 0;
      channel.port1.onmessage = () => work.push(performance.now() - frameStart);
      const step = (now) => {
        intervals.push(now - last);
        last = now;
        frameStart = now;
        channel.port2.postMessage(0);
        maxRows = Math.max(maxRows, list.querySelectorAll('.vrow').length);
        if (list.scrollTop <= 0 || intervals.length > 20_000) {
          channel.port1.close();
          return resolve({ intervals, work, maxRows });
        }
        list.scrollTop -= pixels;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  }, step);
}

function frameStats({ intervals, work, maxRows }) {
  const sortedIntervals = [...intervals].sort((a, b) => a - b);
  const sortedWork = [...work].sort((a, b) => a - b);
  return {
    frames: intervals.length,
    intervalP50: round(percentile(sortedIntervals, 50)),
    intervalP95: round(percentile(sortedIntervals, 95)),
    // A frame is missed when the next one comes more than half a frame late (60 Hz: 16.7 ms).
    missedFrames: intervals.filter((f) => f > 25).length,
    workP50: round(percentile(sortedWork, 50)),
    workP95: round(percentile(sortedWork, 95)),
    workMax: round(sortedWork[sortedWork.length - 1]),
    workOver16ms: work.filter((w) => w > 16).length,
    maxRowsInDom: maxRows,
  };
}

/** Logs Bob in, loads the whole history, and measures; `browser` is a launched Chromium. */
export async function measureChatRendering(browser, url, bobName, count, problems = []) {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  try {
    const page = await newPage(context, problems);
    await login(page, url, bobName);
    await page.locator('a.chatrow').filter({ hasText: 'Alice' }).click();
    await page.locator('[data-message-id]').first().waitFor();

    // Load the whole history: keep the list scrolled to the top until every message is in it.
    const loadStart = Date.now();
    const rowCount = () => page.locator('.vrow').first().getAttribute('aria-setsize').then(Number);
    while ((await rowCount()) < count) {
      await page.locator('.vlist').evaluate((el) => (el.scrollTop = 0));
      await page.waitForTimeout(20);
    }
    const loadMs = Date.now() - loadStart;
    const rows = await rowCount();

    // (1) Open the chat again, five times: its history is in memory, so this is the render of the first screen
    // after the data; done when the newest message (the last row) is in the DOM.
    const opens = [];
    for (let i = 0; i < 5; i++) {
      await page.getByRole('link', { name: 'Chats' }).click();
      await page.locator('.chatview.empty-view').waitFor();
      opens.push(
        await page.evaluate(async () => {
          const link = document.querySelector('a.chatrow');
          const start = performance.now();
          link.click();
          return new Promise((resolve) => {
            const check = () => {
              const last = document.querySelector('.vrow:last-child');
              if (last && last.getAttribute('aria-posinset') === last.getAttribute('aria-setsize')) resolve(performance.now() - start);
              else requestAnimationFrame(check);
            };
            check();
          });
        }),
      );
    }
    const sortedOpens = [...opens].sort((a, b) => a - b);

    // (2) Scrolling the whole history: a wheel-like 100 px per frame, and a fling of 600 px per frame.
    const wheel = frameStats(await scrollFrames(page, 100));
    const fling = frameStats(await scrollFrames(page, 600));
    return {
      messages: count,
      rowsInList: rows,
      loadWholeHistorySeconds: loadMs / 1000,
      openChatFirstScreenMs: { median: round(percentile(sortedOpens, 50)), min: round(sortedOpens[0]), all: opens.map(round) },
      scroll100pxPerFrame: wheel,
      scroll600pxPerFrame: fling,
    };
  } finally {
    await context.close();
  }
}
