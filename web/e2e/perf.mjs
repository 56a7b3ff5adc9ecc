// Rendering benchmark of the chat view with N messages (default 10,000): `npm run perf [-- --messages N]`, after
// `mvn -B package -DskipTests`; prints JSON and writes web/test-results/perf.json. See chatRendering.mjs.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { measureChatRendering, seedChat } from './chatRendering.mjs';
import { resultsDir, startBoth, writeResult } from './harness.mjs';

const count = Number(process.argv[process.argv.indexOf('--messages') + 1]) || 10_000;

const { server, browser } = await startBoth();
try {
  const seedStart = Date.now();
  const bobName = await seedChat(server.url, count);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const result = { ...(await measureChatRendering(browser, server.url, bobName, count)), seedSeconds, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) };
  writeResult('perf.json', result);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${join(resultsDir, 'perf.json')}`);
} finally {
  await browser.close();
  await server.stop();
}
