// Parley Console in headless Chromium against the real server jar, with real SDK clients (the
// web SDK on Node.js) doing real things: every page shows what the clients did, and what the
// console does reaches the clients. Screenshots of each page go to target/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ServerProcess, launchBrowser, mintToken, until } from '../../client-web/test/e2e/support.mjs';
import { nodeSdk } from '../../client-web/test/e2e/peers.mjs';

const APP = 'c0nsole0000000000000000000000000';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const SECRET = 'console-admin-secret-0123';
const SHOTS = resolve(import.meta.dirname, '../target/screenshots');

async function sdkClient(server, uid) {
  const AgoraRTM = nodeSdk();
  const client = AgoraRTM.createInstance(APP, { endpoints: [server.wsUrl], logFilter: AgoraRTM.LOG_FILTER_ERROR });
  const states = [];
  const peerMessages = [];
  client.on('ConnectionStateChanged', (state, reason) => states.push(`${state}/${reason}`));
  client.on('MessageFromPeer', (m, from) => peerMessages.push(`${from}:${m.text}`));
  await client.login({ uid, token: mintToken(APP, CERT, uid, 600) });
  return { client, states, peerMessages };
}

describe('Parley Console', () => {
  let server;
  let browser;
  let page;
  let alice;
  let bob;
  const pageErrors = [];

  before(async (t) => {
    server = await new ServerProcess(['--app-id', APP, '--app-certificate', CERT, '--admin-secret', SECRET]).start();
    browser = await launchBrowser(t);
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    for (const c of [alice, bob]) await c?.client.logout().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  const base = () => `http://127.0.0.1:${server.httpPort}`;
  const shot = (name) => page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
  const text = (selector) => page.locator(selector).innerText();

  test('the server serves it at / with a strict policy, and its API refuses cross-site calls', async () => {
    const root = await fetch(base() + '/', { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/console/');
    const html = await fetch(base() + '/console/');
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-security-policy'), /default-src 'none'; script-src 'self'/);
    assert.equal(html.headers.get('x-frame-options'), 'DENY');
    // no X-Parley-Console header (what a cross-site form or image sends): refused before anything else
    assert.equal((await fetch(base() + '/console/api/session', { method: 'POST', body: JSON.stringify({ secret: SECRET }) }))
      .status, 403);
    assert.equal((await fetch(base() + '/console/api/admin/apps', { headers: { 'X-Parley-Console': '1' } })).status, 401,
      'signed out: no admin data');
  });

  test('sign-in: a wrong secret is refused; the right one opens a cookie session, not a URL or storage', async (t) => {
    if (!browser) return t.skip();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // (a refused sign-in's 401 is logged by the browser as a failed resource: expected, not collected)
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text()); });
    page.on('response', (r) => { if (r.status() === 404) pageErrors.push(`404 ${r.url()}`); });
    await page.goto(base() + '/');
    await page.locator('#secret').waitFor();
    await shot('sign-in');
    await page.fill('#secret', 'not-the-secret-at-all');
    await page.click('#sign-in');
    await page.getByText('Unknown secret').waitFor();
    await page.fill('#secret', SECRET);
    await page.click('#sign-in');
    await page.locator('nav a[data-page="users"]').waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'parley_console');
    assert.ok(session, 'a session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.ok(!page.url().includes(SECRET));
    assert.equal(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie),
      '{}{}', 'nothing the page script can read');
  });

  test('events: logins and joins of real clients appear in the live feed', async (t) => {
    if (!browser) return t.skip();
    alice = await sdkClient(server, 'alice');
    const room = alice.client.createChannel('room');
    await room.join();
    await page.goto(base() + '/console/#/events');
    await page.locator('#feed div[data-type="join"]').first().waitFor();
    const feed = await text('#feed');
    assert.match(feed, /login\s+alice/);
    assert.match(feed, /join\s+alice in room/);
    await shot('events');
  });

  test('channels: a join changes the member count; SDK and console attributes meet; a console message arrives', async (t) => {
    if (!browser) return t.skip();
    await page.goto(base() + '/console/#/channels');
    const count = page.locator('tr[data-channel="room"] td.members');
    await until(async () => (await count.innerText()) === '1', 10000, 'room with 1 member');
    bob = await sdkClient(server, 'bob');
    const bobRoom = bob.client.createChannel('room');
    const bobMessages = [];
    bobRoom.on('ChannelMessage', (m, from) => bobMessages.push(`${from}:${m.text}`));
    await bobRoom.join();
    await until(async () => (await count.innerText()) === '2', 10000, 'the member count after bob joined');

    await alice.client.setChannelAttributes('room', { topic: 'set by the SDK' });
    await page.click('tr[data-channel="room"]');
    await until(async () => (await text('#channel-attributes')).includes('set by the SDK'), 10000, 'the SDK attribute');
    await page.fill('#attr-key', 'mood');
    await page.fill('#attr-value', 'set by the console');
    await page.click('#attr-save');
    await until(async () => (await alice.client.getChannelAttributesByKeys('room', ['mood'])).mood?.value
      === 'set by the console', 10000, 'the console attribute, read by the SDK');

    await page.fill('#channel-text', 'hello from the console');
    await page.click('#channel-send');
    await until(async () => bobMessages.includes('system:hello from the console'), 10000, 'the console message');
    await until(async () => /OK, 2 deliveries/.test(await text('#channel-outcome')), 10000, 'the send outcome');
    await shot('channels');
  });

  test('events: an invitation refused between two clients shows in the live feed with its outcome', async (t) => {
    if (!browser) return t.skip();
    await page.goto(base() + '/console/#/events');
    await page.getByText('live').waitFor();
    bob.client.on('RemoteInvitationReceived', (invitation) => invitation.refuse());
    const invitation = alice.client.createLocalInvitation('bob');
    const refused = new Promise((r) => invitation.on('LocalInvitationRefused', r));
    invitation.send();
    await refused;
    await page.locator('#feed div[data-type="invitation"]').first().waitFor();
    assert.match(await text('#feed div[data-type="invitation"]'), /alice \(refused \(to bob\)\)/);
    // messages show while the feed is watched, without their text unless the operator turned bodies on
    await alice.client.sendMessageToPeer({ text: 'a private text' }, 'bob');
    await page.locator('#feed div[data-type="peer_message"]').first().waitFor();
    const line = await text('#feed div[data-type="peer_message"]');
    assert.match(line, /alice \(to bob\)/);
    assert.ok(!line.includes('a private text'), 'no message body by default');
  });

  test('users: search, attributes, a peer message with its outcome, and a kick that aborts the SDK client', async (t) => {
    if (!browser) return t.skip();
    await alice.client.setLocalUserAttributes({ mood: 'happy' });
    await page.goto(base() + '/console/#/users');
    await page.fill('#user-search', 'ali');
    await page.press('#user-search', 'Enter');
    await until(async () => (await page.locator('tr[data-user]').count()) === 1, 10000, 'one user matching "ali"');
    assert.match(await text('tr[data-user="alice"]'), /ONLINE\s+room/);
    await page.click('tr[data-user="alice"]');
    await until(async () => (await text('#user-attributes')).includes('happy'), 10000, 'alice\'s attributes');

    await page.fill('#send-from', 'bob');
    await page.fill('#send-text', 'a peer message from the console');
    await page.click('#send');
    await until(async () => (await text('#send-outcome')).startsWith('OK'), 15000, 'the peer message outcome');
    assert.ok(alice.peerMessages.includes('bob:a peer message from the console'));
    await shot('users');

    await page.click('#kick');
    await until(async () => alice.states.includes('ABORTED/BANNED_BY_SERVER'), 10000, 'the SDK client aborted');
    await until(async () => (await text('#kick-outcome')) === 'kicked', 10000, 'the kick outcome');
  });

  test('tokens: a pasted token is decoded and explained, and a wrong one says why it is refused', async (t) => {
    if (!browser) return t.skip();
    await page.goto(base() + '/console/#/tokens');
    await page.fill('#inspect-token', mintToken(APP, CERT, 'carol', 600));
    await page.click('#inspect');
    await until(async () => (await text('#inspected')).includes('accepts'), 10000, 'the verdict');
    const explained = await text('#inspected');
    assert.match(explained, /007/);
    assert.match(explained, /carol/);
    assert.match(explained, /rtm_login until/);
    await shot('tokens');
    await page.fill('#inspect-token', mintToken(APP, CERT, 'carol', 600));
    await page.fill('#inspect-user', 'mallory');
    await page.click('#inspect');
    await until(async () => (await text('#verdict')).includes('USER_MISMATCH'), 10000, 'the refusal reason');
  });

  test('overview: live counts of the clients, the app and the node; no page errors anywhere', async (t) => {
    if (!browser) return t.skip();
    await page.goto(base() + '/console/#/overview');
    await until(async () => (await page.locator('.card[data-metric="sessions"] .value').innerText()) === '1', 15000,
      'one session (bob) after alice was kicked');
    await until(async () => new RegExp(`${APP}\\s+1\\s+1`).test(await text('#apps').catch(() => '')), 15000,
      'the app with 1 session and 1 channel');
    await shot('overview');
    assert.deepEqual(pageErrors, [], 'no script errors and no CSP violations');
  });

  test('dev mode without a secret: the console opens for a loopback client without a sign-in, and says so', async (t) => {
    if (!browser) return t.skip();
    const dev = await new ServerProcess([]).start();
    try {
      const devPage = await browser.newPage();
      await devPage.goto(`http://127.0.0.1:${dev.httpPort}/`);
      await devPage.locator('#banner').getByText('Dev mode').waitFor();
      assert.equal(await devPage.locator('#secret').count(), 0, 'no sign-in form');
      await devPage.locator('nav a[data-page="events"]').waitFor();
      await devPage.close();
    } finally {
      await dev.stop();
    }
  });
});
