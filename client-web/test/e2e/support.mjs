// Shared set-up of the end-to-end tests: the real server jar in its own process on free loopback
// ports, a static HTTP server for the pages, headless Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const APP = 'e2e0000000000000000000000000000a';
export const SERVER_JAR = process.env.PARLEY_SERVER_JAR ?? resolve(ROOT, '../server/target/parley-server.jar');
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

export async function freePort() {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Polls `check` every 50 ms until it returns true or `ms` pass (waiting on a condition, not sleeping). */
export async function until(check, ms = 15000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) {
      return;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Parley server process; `restart()` stops it and starts it again on the same ports and data. */
export class ServerProcess {
  constructor(args = []) {
    this.args = args;
    this.dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
    this.log = '';
  }

  async start() {
    if (!this.port) {
      this.port = await freePort();
      this.httpPort = await freePort();
    }
    this.proc = spawn('java', ['-jar', SERVER_JAR, '--host', '127.0.0.1', '--port', String(this.port),
      '--http-port', String(this.httpPort), '--data-dir', this.dataDir, ...this.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d) => { this.log += d; });
    this.proc.stderr.on('data', (d) => { this.log += d; });
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.exited = exited;
    await until(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${this.httpPort}/ready`)).status === 200;
      } catch {
        return false;
      }
    }, 60000, `the server to be ready (log: ${this.log.slice(-2000)})`);
    return this;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.httpPort}/rtm`;
  }

  async stop(signal = 'SIGTERM') {
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill(signal);
      await this.exited;
    }
  }

  async restart() {
    await this.stop();
    await this.start();
  }

  async metrics() {
    return (await fetch(`http://127.0.0.1:${this.httpPort}/metrics`)).text();
  }
}

/** A token minted by the server's own CLI (AccessToken 007). */
export function mintToken(appId, certificate, user, expireSeconds) {
  return execFileSync('java', ['-jar', SERVER_JAR, 'token', '--app-id', appId, '--app-certificate', certificate,
    '--user', user, '--expire', String(expireSeconds)]).toString().trim();
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };

/** Serves client-web/ (dist/, examples/, test/e2e/) to the browser on a loopback port. */
export async function staticServer() {
  const server = createServer((req, res) => {
    const path = resolve(ROOT, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.startsWith(ROOT) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(readFileSync(path));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Headless Chromium from Debian. Without it the browser tests fail, unless
 * PARLEY_BROWSER_TESTS=optional (a developer machine without Chromium) makes them skip.
 */
export async function launchBrowser(t) {
  if (!existsSync(CHROMIUM)) {
    if (process.env.PARLEY_BROWSER_TESTS === 'optional') {
      t.skip(`no Chromium at ${CHROMIUM}`);
      return null;
    }
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set PARLEY_CHROMIUM)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A page with the browser bundle and the test harness (harness.html), pointed at `wsUrl`. */
export async function harnessPage(browser, site, wsUrl) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e));
  await page.goto(`${site.url}/test/e2e/harness.html?server=${encodeURIComponent(wsUrl)}&app=${APP}`);
  await page.waitForFunction(() => window.T && window.T.ready);
  return page;
}
