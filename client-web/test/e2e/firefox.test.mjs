// The browser bundle in Firefox (Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi):
// login, peer messages both ways with acks, a channel, a reconnect after the server's restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { APP, ServerProcess, staticServer } from './support.mjs';

const FIREFOX = process.env.PARLEY_FIREFOX ?? '/usr/bin/firefox-esr';
let server;
let site;
let browser;

before(async (t) => {
  if (!existsSync(FIREFOX)) {
    if (process.env.PARLEY_BROWSER_TESTS === 'optional') {
      t.skip(`no Firefox at ${FIREFOX}`);
      return;
    }
    throw new Error(`no Firefox at ${FIREFOX}: apt-get install firefox-esr (or set PARLEY_FIREFOX)`);
  }
  server = await new ServerProcess().start();
  site = await staticServer();
  const { default: puppeteer } = await import('puppeteer-core');
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true,
    extraPrefsFirefox: { 'network.proxy.type': 0 } });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
});

test('in Firefox: login, peer messages with acks, a channel, and a reconnect after a server restart', async (t) => {
  if (!browser) return t.skip();
  const page = await browser.newPage();
  await page.goto(`${site.url}/test/e2e/harness.html?server=${encodeURIComponent(server.wsUrl)}&app=${APP}`);
  await page.waitForFunction(() => window.T && window.T.ready, { timeout: 15000 });
  const run = (fn, ...args) => page.evaluate(fn, ...args);
  const waitFor = (fn) => page.waitForFunction(fn, { timeout: 15000 });

  await run(() => { T.make('a'); T.make('b'); return Promise.all([T.clients.a.login({ uid: 'fox-a' }),
    T.clients.b.login({ uid: 'fox-b' })]); });
  assert.deepEqual(await run(() => T.clients.a.sendMessageToPeer({ text: 'hello from firefox' }, 'fox-b')),
    { hasPeerReceived: true });
  await waitFor(() => T.seen('b', 'MessageFromPeer', (m) => m.text === 'hello from firefox').length === 1);
  assert.deepEqual(await run(() => T.clients.b.sendMessageToPeer({ rawMessage: new Uint8Array([7]) }, 'fox-a')),
    { hasPeerReceived: true });

  await run(() => { T.channel('a', 'fox-room'); T.channel('b', 'fox-room');
    return T.channels['a:fox-room'].join().then(() => T.channels['b:fox-room'].join()); });
  await waitFor(() => T.seen('a:fox-room', 'MemberJoined', (id) => id === 'fox-b').length === 1);
  await run(() => T.channels['b:fox-room'].sendMessage({ text: 'room message' }));
  await waitFor(() => T.seen('a:fox-room', 'ChannelMessage', (m) => m.text === 'room message').length === 1);

  await server.restart();
  await waitFor(() => T.seen('a', 'ConnectionStateChanged', (s) => s === 'RECONNECTING').length === 1);
  await waitFor(() => T.clients.a.connectionState === 'CONNECTED' && T.clients.b.connectionState === 'CONNECTED');
  assert.deepEqual(await run(() => T.clients.b.sendMessageToPeer({ text: 'after restart' }, 'fox-a')),
    { hasPeerReceived: true });
});
