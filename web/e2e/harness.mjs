// Shared fixture of the browser tests: a real Parley server (the built jars, a fresh data dir, an ephemeral port)
// and Debian's Chromium driven by playwright-core. Nothing here is mocked.
import { spawn } from 'node:child_process';
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

/** Starts `parley server --port 0` on a fresh data dir; resolves once GET /health answers 200. */
export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-data-'));
  const child = spawn(
    javaExecutable(),
    ['-Xmx512m', '-cp', serverClasspath(), 'dev.parley.server.Main', 'server', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let port = null;
  const onData = (chunk) => {
    output += chunk.toString();
    const match = /listening on http:\/\/[^\s:]+:(\d+)/.exec(output);
    if (match && port === null) port = Number(match[1]);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  child.on('exit', (code) => (exited = code));
  try {
    await waitFor(() => {
      if (exited !== null) throw new Error(`server exited with ${exited}:\n${output}`);
      return port !== null;
    }, 60_000, 'the server to listen');
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/health`)).ok, 30_000, 'GET /health');
    return {
      url,
      output: () => output,
      async stop() {
        if (exited === null) {
          const done = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await done;
          clearTimeout(forced);
        }
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
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
