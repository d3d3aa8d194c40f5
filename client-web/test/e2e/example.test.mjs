// The README's example page (examples/chat.html), used as a person would: two tabs, two users.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerProcess, launchBrowser, staticServer } from './support.mjs';

let server;
let site;
let browser;

before(async (t) => {
  server = await new ServerProcess().start();
  site = await staticServer();
  browser = await launchBrowser(t);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
});

async function open(user) {
  const page = await browser.newPage();
  await page.goto(`${site.url}/examples/chat.html?server=${encodeURIComponent(server.wsUrl)}`);
  await page.fill('#uid', user);
  await page.click('#login button');
  await page.waitForFunction(() => document.getElementById('log').textContent.includes('[CONNECTED LOGIN_SUCCESS]'));
  return page;
}

test('two people chat through the example page', async (t) => {
  if (!browser) return t.skip();
  const ann = await open('ann');
  const ben = await open('ben');
  await ann.fill('#peer', 'ben');
  await ann.fill('#text', 'hello ben');
  await ann.click('#send button');
  await ben.waitForFunction(() => document.getElementById('log').textContent.includes('ann: hello ben'));
  await ann.waitForFunction(() => document.getElementById('log').textContent.includes('me → ben: hello ben'));
  assert.ok(!(await ann.textContent('#log')).includes('not delivered'));
  await ben.fill('#peer', 'ann');
  await ben.fill('#text', 'hi ann');
  await ben.click('#send button');
  await ann.waitForFunction(() => document.getElementById('log').textContent.includes('ben: hi ann'));
});
