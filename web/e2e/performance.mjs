// Browser test of the 10,000-message chat (issue 6, "Performance"): the same measurement as `npm run perf`
// (chatRendering.mjs), with the figures written to web/test-results/perf-e2e.json. It asserts what must hold on any
// machine: the whole history is in the list while only a screenful of rows is in the DOM, and opening the chat
// again stays far from the pre-virtualisation failure (every row rendered, seconds). The timing budgets (100 ms,
// 16 ms frames) are recorded, not asserted: the test machine is shared, and its load decides those figures (the
// runs and their load average are in docs/PERFORMANCE.md).
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { it } from 'node:test';
import { measureChatRendering, seedChat } from './chatRendering.mjs';
import { writeResult } from './harness.mjs';

const MESSAGES = Number(process.env.PARLEY_PERF_MESSAGES ?? 10_000);

export function performanceTests(env) {
  it(`a chat with ${MESSAGES} messages opens and scrolls with only a screenful of rows rendered`, async () => {
    const bobName = await seedChat(env.server.url, MESSAGES);
    const result = await measureChatRendering(env.browser, env.server.url, bobName, MESSAGES, env.problems);
    writeResult('perf-e2e.json', { ...result, loadAverage: loadavg() });
    assert.equal(result.rowsInList, MESSAGES);
    for (const scroll of [result.scroll100pxPerFrame, result.scroll600pxPerFrame]) {
      assert.ok(scroll.maxRowsInDom <= 60, `at most 60 rows in the DOM while scrolling (saw ${scroll.maxRowsInDom})`);
    }
    assert.ok(result.openChatFirstScreenMs.median < 2000, `reopening renders in well under 2 s (${result.openChatFirstScreenMs.median} ms)`);
  });
}
