// The SDK in a real headless Chromium against the real server jar: every feature family end to end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP, ServerProcess, harnessPage, launchBrowser, mintToken, staticServer, until } from './support.mjs';

describe('parley-rtm-sdk in Chromium', () => {
  let server;
  let site;
  let browser;
  let page;

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

  const run = (fn, arg) => page.evaluate(fn, arg);
  const waitFor = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 15000 });

  test('login, then peer messages both ways, acknowledged by the recipient', async (t) => {
    if (!browser) return t.skip();
    page = await harnessPage(browser, site, server.wsUrl);
    await run(() => { T.make('a'); T.make('b'); });
    await run(() => T.clients.a.login({ uid: 'alice' }));
    await run(() => T.clients.b.login({ uid: 'bob' }));
    assert.deepEqual(await run(() => T.seen('a', 'ConnectionStateChanged').map((e) => e.args.join('/') + '@' + e.state)),
      ['CONNECTING/LOGIN@CONNECTING', 'CONNECTED/LOGIN_SUCCESS@CONNECTED']);

    const r1 = await run(() => T.attempt(() => T.clients.a.sendMessageToPeer({ text: 'hi bob' }, 'bob')));
    assert.deepEqual(r1, { ok: true, value: { hasPeerReceived: true } });
    const got = await run(() => T.seen('b', 'MessageFromPeer')[0].args);
    assert.equal(got[0].text, 'hi bob');
    assert.equal(got[0].messageType, 'TEXT');
    assert.equal(got[1], 'alice');
    assert.ok(got[2].serverReceivedTs > 0);

    const r2 = await run(() => T.attempt(() => T.clients.b.sendMessageToPeer(
      { rawMessage: new Uint8Array([1, 2, 3]), description: 'bytes' }, 'alice')));
    assert.deepEqual(r2, { ok: true, value: { hasPeerReceived: true } });
    const raw = await run(() => T.seen('a', 'MessageFromPeer')[0].args[0]);
    assert.deepEqual(raw, { rawMessage: [1, 2, 3], description: 'bytes', messageType: 'RAW' });

    const offline = await run(() => T.attempt(() => T.clients.a.sendMessageToPeer({ text: 'x' }, 'nobody-here')));
    assert.deepEqual(offline, { ok: true, value: { hasPeerReceived: false } });
    const bad = await run(() => T.attempt(() => T.clients.a.sendMessageToPeer({ text: 'x' }, 'no/slash')));
    assert.equal(bad.name, 'RtmInvalidArgumentError');
    assert.equal(bad.code, 6);
  });

  test('offline messages: stored for a user who is away, delivered at the next login', async (t) => {
    if (!browser) return t.skip();
    const r = await run(() => T.attempt(() => T.clients.a.sendMessageToPeer({ text: 'while you were out' }, 'carol',
      { enableOfflineMessaging: true })));
    assert.deepEqual(r, { ok: true, value: { hasPeerReceived: false } });
    await run(() => { T.make('c'); return T.clients.c.login({ uid: 'carol' }); });
    await waitFor(() => T.seen('c', 'MessageFromPeer').length === 1);
    assert.equal(await run(() => T.seen('c', 'MessageFromPeer')[0].args[0].text), 'while you were out');
  });

  test('presence: query, subscribe with an initial snapshot, and a change when the peer leaves', async (t) => {
    if (!browser) return t.skip();
    assert.deepEqual(await run(() => T.clients.a.queryPeersOnlineStatus(['bob', 'nobody'])), { bob: true, nobody: false });
    await run(() => T.clients.a.subscribePeersOnlineStatus(['carol']));
    await waitFor(() => T.seen('a', 'PeersOnlineStatusChanged', (s) => s.carol === 'ONLINE').length === 1);
    assert.deepEqual(await run(() => T.clients.a.queryPeersBySubscriptionOption('ONLINE_STATUS')), ['carol']);
    await run(() => T.clients.c.logout());
    await waitFor(() => T.seen('a', 'PeersOnlineStatusChanged', (s) => s.carol === 'OFFLINE').length === 1);
  });

  test('user attributes: set, update, read by another user, delete, and the 1.x argument errors', async (t) => {
    if (!browser) return t.skip();
    await run(() => T.clients.a.setLocalUserAttributes({ mood: 'happy', city: 'Oslo' }));
    await run(() => T.clients.a.addOrUpdateLocalUserAttributes({ mood: 'busy' }));
    assert.deepEqual(await run(() => T.clients.b.getUserAttributes('alice')), { mood: 'busy', city: 'Oslo' });
    await run(() => T.clients.a.deleteLocalUserAttributesByKeys(['city']));
    assert.deepEqual(await run(() => T.clients.b.getUserAttributesByKeys('alice', ['mood', 'city'])), { mood: 'busy' });
    const tooBig = await run(() => T.attempt(() => T.clients.a.setLocalUserAttributes({ k: 'v'.repeat(8193) })));
    assert.equal(tooBig.name, 'RtmLimitExceededError');
    assert.equal(tooBig.code, 4);
    const missing = await run(() => T.attempt(() => T.clients.b.getUserAttributes('nobody-here')));
    assert.equal(missing.code, 6);
  });

  test('channels: join, member events and counts, messages, members, attributes with notification, leave', async (t) => {
    if (!browser) return t.skip();
    await run(() => { T.channel('a', 'room'); T.channel('b', 'room'); });
    await run(() => T.channels['a:room'].join());
    await waitFor(() => T.seen('a:room', 'MemberCountUpdated', (n) => n === 1).length === 1);
    await run(() => T.channels['b:room'].join());
    await waitFor(() => T.seen('a:room', 'MemberJoined', (id) => id === 'bob').length === 1);
    assert.equal(await run(() => T.seen('b:room', 'MemberJoined', (id) => id === 'bob').length), 0, 'never the local user');
    assert.deepEqual((await run(() => T.channels['a:room'].getMembers())).sort(), ['alice', 'bob']);
    assert.deepEqual(await run(() => T.clients.a.getChannelMemberCount(['room', 'empty-room'])), { room: 2, 'empty-room': 0 });

    await run(() => T.channels['b:room'].sendMessage({ text: 'hello room' }));
    await waitFor(() => T.seen('a:room', 'ChannelMessage').length === 1);
    const [msg, from] = await run(() => T.seen('a:room', 'ChannelMessage')[0].args);
    assert.equal(msg.text, 'hello room');
    assert.equal(from, 'bob');
    assert.equal(await run(() => T.seen('b:room', 'ChannelMessage').length), 0, 'the sender does not get its own');

    // with the history option the message is kept for the server's (Agora-compatible) history API
    await run(() => T.channels['b:room'].sendMessage({ text: 'kept for history' }, { enableHistoricalMessaging: true }));
    await waitFor(() => T.seen('a:room', 'ChannelMessage').length === 2);
    const base = `http://127.0.0.1:${server.httpPort}/dev/v2/project/${APP}/rtm/message/history`;
    const auth = { Authorization: 'Basic ' + Buffer.from('dev-customer:dev-secret').toString('base64'),
      'Content-Type': 'application/json' };
    const created = await (await fetch(`${base}/query`, { method: 'POST', headers: auth, body: JSON.stringify({
      filter: { destination: 'room', start_time: '2000-01-01T00:00:00Z', end_time: '2100-01-01T00:00:00Z' } }) })).json();
    assert.equal(created.result, 'success');
    const handle = created.location.slice('~/rtm/message/history/query/'.length);
    const page = await (await fetch(`${base}/query/${handle}`, { headers: auth })).json();
    assert.deepEqual(page.messages.map((m) => `${m.src}:${m.payload}:${m.message_type}`),
      ['bob:kept for history:channel_message'], 'only the message sent with the option');

    await run(() => T.clients.a.setChannelAttributes('room', { topic: 'rtm' }, { enableNotificationToChannelMembers: true }));
    await waitFor(() => T.seen('b:room', 'AttributesUpdated').length === 1);
    const attrs = await run(() => T.seen('b:room', 'AttributesUpdated')[0].args[0]);
    assert.equal(attrs.topic.value, 'rtm');
    assert.equal(attrs.topic.lastUpdateUserId, 'alice');
    assert.equal((await run(() => T.clients.b.getChannelAttributesByKeys('room', ['topic']))).topic.value, 'rtm');

    const second = await run(() => T.attempt(() => T.clients.a.createChannel('room').join()));
    assert.equal(second.code, 202, 'another instance of a joined channel id');
    await run(() => T.channels['b:room'].leave());
    await waitFor(() => T.seen('a:room', 'MemberLeft', (id) => id === 'bob').length === 1);
    const notIn = await run(() => T.attempt(() => T.channels['b:room'].sendMessage({ text: 'x' })));
    assert.equal(notIn.code, 5);
  });

  test('invitations: sent, received by the peer, accepted with a response; refused; canceled', async (t) => {
    if (!browser) return t.skip();
    assert.equal(await run(() => T.invite('a', 'bob', 'call me')), 'SENT_TO_REMOTE');
    await waitFor(() => T.seen('b', 'RemoteInvitationReceived').length === 1);
    assert.deepEqual(await run(() => T.seen('b', 'RemoteInvitationReceived')[0].args[0]),
      { callerId: 'alice', content: 'call me', channelId: '', state: 'INVITATION_RECEIVED' });
    await waitFor(() => T.seen('a', 'LocalInvitationReceivedByPeer').length === 1);
    await run(() => { const inv = T.remoteInvitations['b:alice']; inv.response = 'on my way'; inv.accept(); });
    await waitFor(() => T.seen('a', 'LocalInvitationAccepted').length === 1);
    assert.deepEqual(await run(() => T.seen('a', 'LocalInvitationAccepted')[0].args), ['on my way']);
    await waitFor(() => T.seen('b', 'RemoteInvitationAccepted').length === 1);
    assert.equal(await run(() => T.localInvitations['a:bob'].state), 'ACCEPTED_BY_REMOTE');

    await run(() => T.invite('b', 'alice', 'second call'));
    await waitFor(() => T.seen('a', 'RemoteInvitationReceived').length === 1);
    await run(() => T.remoteInvitations['a:bob'].refuse());
    await waitFor(() => T.seen('b', 'LocalInvitationRefused').length === 1);
    assert.equal(await run(() => T.seen('a', 'RemoteInvitationRefused').length), 1);

    const again = await run(() => T.attempt(() => T.remoteInvitations['a:bob'].accept()));
    assert.equal(again.code, 3, 'ALREADY_END');

    await run(() => { delete T.remoteInvitations['b:alice']; return T.invite('a', 'bob', 'third call'); });
    await waitFor(() => T.seen('b', 'RemoteInvitationReceived').length === 2);
    await run(() => T.localInvitations['a:bob'].cancel());
    assert.equal(await run(() => T.seen('a', 'LocalInvitationCanceled').length), 1, 'emitted by cancel() itself');
    await waitFor(() => T.seen('b', 'RemoteInvitationCanceled').length === 1);
    assert.deepEqual(await run(() => T.seen('b', 'RemoteInvitationCanceled')[0].args), ['third call']);
  });

  test('a server restart mid-session: RECONNECTING, then CONNECTED on the new server, channels rejoined', async (t) => {
    if (!browser) return t.skip();
    await server.restart();
    await waitFor(() => T.seen('a', 'ConnectionStateChanged', (s) => s === 'RECONNECTING').length === 1);
    await waitFor(() => T.clients.a.connectionState === 'CONNECTED' && T.clients.b.connectionState === 'CONNECTED');
    const r = await run(() => T.attempt(() => T.clients.b.sendMessageToPeer({ text: 'after restart' }, 'alice')));
    assert.deepEqual(r, { ok: true, value: { hasPeerReceived: true } });
    await waitFor(() => T.seen('a', 'MessageFromPeer', (m) => m.text === 'after restart').length === 1);
    assert.deepEqual(await run(() => T.channels['a:room'].getMembers()), ['alice'], 'alice is back in her channel');
    await run(() => Promise.all([T.clients.a.logout(), T.clients.b.logout()]));
  });
});

describe('tokens in Chromium', () => {
  const APP_ID = '970CA35de60c44645bbae8a215061b33';
  const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
  let server;
  let site;
  let browser;

  before(async (t) => {
    site = await staticServer();
    // not dev mode: only listed origins may open the endpoint from a browser
    server = await new ServerProcess(['--app-id', APP_ID, '--app-certificate', CERT,
      '--websocket-allowed-origin', site.url]).start();
    browser = await launchBrowser(t);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  test('a token about to expire: TokenPrivilegeWillExpire, renewToken keeps the session; an expired one aborts', async (t) => {
    if (!browser) return t.skip();
    const page = await browser.newPage();
    await page.goto(`${site.url}/test/e2e/harness.html?server=${encodeURIComponent(server.wsUrl)}&app=${APP_ID}`);
    await page.waitForFunction(() => window.T && window.T.ready);
    const run = (fn, arg) => page.evaluate(fn, arg);

    const wrong = await run((tok) => { T.make('x'); return T.attempt(() => T.clients.x.login({ uid: 'someone-else', token: tok })); },
      mintToken(APP_ID, CERT, 'ruth', 600));
    assert.equal(wrong.name, 'RtmUnauthenticatedError');

    await run((tok) => { T.make('r'); return T.clients.r.login({ uid: 'ruth', token: tok }); }, mintToken(APP_ID, CERT, 'ruth', 31));
    await page.waitForFunction(() => T.seen('r', 'TokenPrivilegeWillExpire').length === 1, null, { timeout: 15000 });
    await run((tok) => T.clients.r.renewToken(tok), mintToken(APP_ID, CERT, 'ruth', 600));

    await run((tok) => { T.make('s'); return T.clients.s.login({ uid: 'sam', token: tok }); }, mintToken(APP_ID, CERT, 'sam', 2));
    await page.waitForFunction(() => T.seen('s', 'TokenExpired').length === 1, null, { timeout: 15000 });
    assert.deepEqual(await run(() => T.seen('s', 'ConnectionStateChanged').map((e) => e.args.join('/'))),
      ['CONNECTING/LOGIN', 'CONNECTED/LOGIN_SUCCESS', 'ABORTED/TOKEN_EXPIRED']);
    await until(async () => (await run(() => T.clients.r.connectionState)) === 'CONNECTED', 1000, 'ruth still connected');
    assert.equal(await run(() => T.seen('r', 'ConnectionStateChanged').length), 2, 'ruth never dropped: the renewal held');
  });
});
