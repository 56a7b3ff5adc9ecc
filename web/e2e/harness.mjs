// Shared fixture of the browser tests: a real Parley server (the built jars, a fresh data dir, an ephemeral port)
// and Debian's Chromium driven by playwright-core. Nothing here is mocked.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '..');
const repoDir = resolve(webDir, '..');
export const resultsDir = join(webDir, 'test-results');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function javaExecutable() {
  if (process.env.PARLEY_JAVA) return process.env.PARLEY_JAVA;
  for (const home of [process.env.JAVA_HOME, '/usr/lib/jvm/temurin-25-jdk-amd64']) {
    if (home && existsSync(join(home, 'bin', 'java'))) return join(home, 'bin', 'java');
  }
  return 'java';
}

/** The server's classpath: PARLEY_SERVER_CLASSPATH, else the reactor's server/target jars. */
function serverClasspath() {
  if (process.env.PARLEY_SERVER_CLASSPATH) return process.env.PARLEY_SERVER_CLASSPATH;
  const target = join(repoDir, 'server', 'target');
  const jar = existsSync(target) ? readdirSync(target).find((f) => /^parley-server-.*(?<!-tests)\.jar$/.test(f)) : undefined;
  if (!jar || !existsSync(join(target, 'lib'))) {
    throw new Error(`no server build in ${target}: run "mvn -B package -DskipTests" first (or set PARLEY_SERVER_CLASSPATH)`);
  }
  // The web build on disk goes first, so the tests always see the client they were run with.
  return [join(webDir, 'target', 'classes'), join(target, jar), join(target, 'lib', '*')].join(':');
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

function spawnServer(port, dataDir) {
  const child = spawn(
    javaExecutable(),
    ['-Xmx512m', '-cp', serverClasspath(), 'dev.parley.server.Main', 'server', '--port', String(port), '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const state = { child, output: '', port: null, exited: null };
  const onData = (chunk) => {
    state.output += chunk.toString();
    const match = /listening on http:\/\/[^\s:]+:(\d+)/.exec(state.output);
    if (match && state.port === null) state.port = Number(match[1]);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code) => (state.exited = code ?? -1));
  // Never leave a server behind, even when the test process is interrupted.
  process.once('exit', () => state.exited === null && child.kill('SIGKILL'));
  return state;
}

async function awaitListening(state) {
  await waitFor(() => {
    if (state.exited !== null) throw new Error(`server exited with ${state.exited}:\n${state.output}`);
    return state.port !== null;
  }, 60_000, 'the server to listen');
  const url = `http://127.0.0.1:${state.port}`;
  await waitFor(async () => (await fetch(`${url}/health`)).ok, 30_000, 'GET /health');
  return url;
}

async function stopProcess(state) {
  if (state.exited !== null) return;
  const done = new Promise((r) => state.child.once('exit', r));
  state.child.kill('SIGTERM');
  const forced = setTimeout(() => state.child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(forced);
}

/** Starts `parley server --port 0` on a fresh data dir; resolves once GET /health answers 200. */
export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-data-'));
  const state = spawnServer(0, dataDir);
  try {
    const url = await awaitListening(state);
    return {
      url,
      port: state.port,
      /** The server's data directory (its SQLite database): tests read it directly to check what was stored. */
      dataDir,
      output: () => state.output,
      async stop() {
        await stopProcess(state);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    state.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts the server and the browser in parallel; if either fails, stops the other before rethrowing. */
export async function startBoth() {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return { server: server.value, browser: browser.value };
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : browser.reason;
}

/**
 * A TCP relay on 127.0.0.1 in front of the server, so a test can cut a browser's network for real: `cut()` resets
 * every open connection (the WebSocket included) and refuses new ones until `restore()`. Chromium's own offline
 * emulation leaves open WebSockets alone, so it cannot show a dropped socket.
 */
export async function startRelay(targetPort) {
  const open = new Set();
  let down = false;
  const relay = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream };
    open.add(pair);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(pair);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${relay.address().port}`,
    cut() {
      down = true;
      for (const { client, upstream } of open) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      open.clear();
    },
    restore() {
      down = false;
    },
    close() {
      this.cut();
      return new Promise((resolve) => relay.close(resolve));
    },
  };
}

/**
 * Launches Debian's Chromium. Playwright gives every launch a fresh temporary profile (its own --user-data-dir) and
 * every context an isolated one, so no state leaks between tests.
 */
export async function launchBrowser() {
  const executablePath = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: install it with "apt-get install -y chromium" (or set PARLEY_CHROMIUM)`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** A page that fails the test on any CSP violation or uncaught page error. */
export async function newPage(context, problems) {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return page;
}

const axeSource = readFileSync(join(webDir, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page and returns serious and critical violations. The script comes from node_modules and is
 * evaluated over the DevTools protocol, which the page's CSP does not govern (no CDN, no inline script).
 */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** Saves a screenshot at desktop and phone sizes under web/test-results/ (git-ignored). */
export async function screenshots(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const original = page.viewportSize();
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(resultsDir, `${name}-${size}.png`) });
  }
  if (original) await page.setViewportSize(original);
}

export function writeResult(name, value) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, name), JSON.stringify(value, null, 2) + '\n');
}

let counter = 0;
/** A username unique within the run (5–32 of a–z, 0–9, _). */
export function uniqueUsername(prefix) {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter}`.slice(0, 32);
}

export const PASSWORD = 'correct horse battery';

/** Fills and submits the registration form; resolves on the chat list. */
export async function register(page, url, username, displayName) {
  await page.goto(`${url}/#/register`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Chats' }).waitFor();
}

export async function login(page, url, username) {
  await page.goto(`${url}/#/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Chats' }).waitFor();
}

/** Calls a protocol method over HTTP (POST /api/<method>), as the perf script and tests seed data. */
export async function api(url, method, params, token) {
  const response = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(params),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result;
}

/** The signed-in page's session (token, userId), as the client stored it. */
export function sessionOf(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('parley.session')));
}

/**
 * Opens (creates) the private chat with `username` from the chat list: end-to-end encrypted, the default, unless
 * `cloud` (for what only cloud chats have: forwarding, polls, search, bots).
 */
export async function openChatWith(page, username, { cloud = false } = {}) {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Username to chat with').fill(username);
  if (cloud) await page.getByRole('checkbox', { name: 'End-to-end encrypted' }).uncheck();
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
}

export async function send(page, text) {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

/** Texts of the confirmed messages currently rendered, in order. */
export function renderedTexts(page) {
  return page.locator('[data-message-id] .text').allTextContents();
}

/** Polls until the rendered confirmed messages are exactly `expected` (20 s). */
export async function waitForTexts(page, expected) {
  const deadline = Date.now() + 20_000;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await renderedTexts(page);
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(seen, expected);
}

/** The rendered message whose text is exactly `text`. */
export function messageWith(page, text) {
  return page.locator('[data-message-id]').filter({ has: page.locator('.text', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/**
 * Waits until a jump has given the message itself focus. The control that started the jump (a pinned bar, a search
 * result) shows the same text and has focus first, so matching on text alone can pass before the jump's focus
 * lands, and the focus then moves away from whatever the test focuses next.
 */
export async function waitForFocusedMessage(page, text) {
  await page.waitForFunction((expected) => {
    const focused = document.activeElement;
    return focused?.hasAttribute('data-message-id') && focused.textContent.includes(expected);
  }, text);
}
