import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, DisconnectCode } from '../../src/gen/parley/v1/frames_pb';
import { settle } from '../support/fakes';
import { APP, harness, loggedIn } from '../support/client';

test('login: CONNECTING then CONNECTED, the promise settles after the state is in place', async () => {
  const h = harness();
  const seenInListener: string[] = [];
  h.client.on('ConnectionStateChanged', (s) => seenInListener.push(h.client.connectionState === s ? 'same' : 'stale'));
  const done = h.client.login({ uid: 'alice', token: APP }); // a token equal to the app id means no token
  await settle();
  assert.equal(h.transport.last.url, 'ws://a/rtm');
  h.transport.last.open();
  await settle();
  const login = h.transport.last.last('login');
  assert.equal(login.body.case === 'login' && login.body.value.userId, 'alice');
  assert.equal(login.body.case === 'login' && login.body.value.token, '');
  assert.equal(login.body.case === 'login' && login.body.value.appId, APP);
  h.transport.last.acceptLogin();
  await done;
  assert.deepEqual(h.states, ['CONNECTING/LOGIN', 'CONNECTED/LOGIN_SUCCESS']);
  assert.deepEqual(seenInListener, ['same', 'same']);
  h.client.release();
});

test('login refused by the server: the RTM error of the server code, state DISCONNECTED/LOGIN_FAILURE', async () => {
  const cases: [ErrorCode, string, number][] = [
    [ErrorCode.INVALID_TOKEN, 'RtmUnauthenticatedError', 5],
    [ErrorCode.TOKEN_EXPIRED, 'RtmUnauthenticatedError', 6],
    [ErrorCode.INVALID_APP_ID, 'RtmUnauthenticatedError', 4],
    [ErrorCode.REJECTED, 'RtmUnavailableError', 2],
  ];
  for (const [code, name, rtm] of cases) {
    const h = harness();
    const done = h.client.login({ uid: 'alice', token: '007abc' });
    await settle();
    h.transport.last.open();
    await settle();
    h.transport.last.deliver({ requestId: h.transport.last.last('login').requestId, status: { code } });
    await assert.rejects(done, (e: Error & { code: number }) => e.name === name && e.code === rtm);
    assert.deepEqual(h.states, ['CONNECTING/LOGIN', 'DISCONNECTED/LOGIN_FAILURE']);
  }
});

test('login argument and state checks: invalid uid 3, twice within 500 ms 10, while logged in 8', async () => {
  const h = harness();
  await assert.rejects(h.client.login({ uid: 'bad/uid' }), { name: 'RtmInvalidArgumentError', code: 3 });
  await assert.rejects(h.client.login({ uid: 'null' }), { code: 3 });
  await loggedIn(h);
  await assert.rejects(h.client.login({ uid: 'alice' }), { name: 'RtmInvalidStatusError', code: 8 });
  await h.client.logout();
  await assert.rejects(h.client.login({ uid: 'alice' }), { name: 'RtmInvokeTooOftenError', code: 10 });
  await assert.rejects(h.client.logout(), { name: 'RtmInvalidStatusError', code: 102 });
});

test('login with no answer: RtmTimeoutError 9 after 12 s, DISCONNECTED/LOGIN_TIMEOUT, socket closed', async () => {
  const h = harness();
  const done = h.client.login({ uid: 'alice' });
  const failed = assert.rejects(done, { name: 'RtmTimeoutError', code: 9 });
  await settle();
  h.transport.last.open();
  await h.clock.advance(11_999);
  assert.equal(h.client.connectionState, 'CONNECTING');
  await h.clock.advance(1);
  await failed;
  assert.deepEqual(h.states, ['CONNECTING/LOGIN', 'DISCONNECTED/LOGIN_TIMEOUT']);
  assert.ok(h.transport.last.closedByClient);
});

test('silence after login: pings every 2 s, then after 6 s without a packet RECONNECTING and a resume on the next endpoint', async () => {
  const h = harness();
  await loggedIn(h);
  const first = h.transport.last;
  await h.clock.advance(2000);
  assert.equal(first.sent.filter((f) => f.body.case === 'ping').length, 1);
  first.deliver({ requestId: 0, body: { case: 'pong', value: {} } }); // inbound traffic keeps it alive
  await h.clock.advance(6000);
  assert.equal(h.client.connectionState, 'CONNECTED');
  await h.clock.advance(2100);
  assert.equal(h.client.connectionState, 'RECONNECTING');
  assert.ok(first.closedByClient);
  await h.clock.advance(1000); // backoff: 500 ms initial, half of it plus jitter
  const second = h.transport.last;
  assert.notEqual(second, first);
  assert.equal(second.url, 'ws://b/rtm');
  second.open();
  await settle();
  const login = second.last('login');
  assert.equal(login.body.case === 'login' && login.body.value.resumeSessionId, 's1');
  second.acceptLogin('s1', true);
  await settle();
  assert.deepEqual(h.states, ['CONNECTING/LOGIN', 'CONNECTED/LOGIN_SUCCESS', 'RECONNECTING/INTERRUPTED',
    'CONNECTED/LOGIN_SUCCESS']);
  h.client.release();
});

test('a peer message sent while RECONNECTING goes out after the resume, and its answer arrives there', async () => {
  const h = harness();
  await loggedIn(h);
  h.transport.last.end();
  await settle();
  assert.equal(h.client.connectionState, 'RECONNECTING');
  const sent = h.client.sendMessageToPeer({ text: 'while away' }, 'bob');
  await h.clock.advance(1000);
  const s = h.transport.last;
  s.open();
  await settle();
  assert.equal(s.sent.filter((f) => f.body.case === 'sendPeerMessage').length, 0, 'not before the login');
  s.acceptLogin('s1', true);
  await settle();
  const req = s.last('sendPeerMessage');
  s.deliver({ requestId: req.requestId, status: {}, body: { case: 'sendPeerMessageReply', value: { messageId: 9n } } });
  assert.deepEqual(await sent, { hasPeerReceived: true });
  h.client.release();
});

test('a reconnect onto a fresh session fails what the old session owed and rejoins channels', async () => {
  const h = harness();
  await loggedIn(h);
  const ch = h.client.createChannel('room');
  const joined = ch.join();
  await settle();
  const join = h.transport.last.last('joinChannel');
  h.transport.last.deliver({ requestId: join.requestId, status: {} });
  await joined;
  const owed = assert.rejects(h.client.sendMessageToPeer({ text: 'x' }, 'bob'), { name: 'RtmUnavailableError', code: 1 });
  await settle();
  h.transport.last.end();
  await h.clock.advance(1000);
  h.transport.last.open();
  await settle();
  h.transport.last.acceptLogin('s2', false);
  await settle();
  await owed;
  const rejoin = h.transport.last.last('joinChannel');
  assert.equal(rejoin.body.case === 'joinChannel' && rejoin.body.value.channelId, 'room');
  h.client.release();
});

test('REMOTE_LOGIN aborts: ABORTED/REMOTE_LOGIN and no reconnect attempt', async () => {
  const h = harness();
  await loggedIn(h);
  h.transport.last.deliver({ requestId: 0, body: { case: 'sessionAborted', value: { code: DisconnectCode.REMOTE_LOGIN } } });
  h.transport.last.end(1000, 'bye');
  await h.clock.advance(60_000);
  assert.deepEqual(h.states.slice(2), ['ABORTED/REMOTE_LOGIN']);
  assert.equal(h.transport.sockets.length, 1);
  await h.client.logout();
  assert.equal(h.client.connectionState, 'DISCONNECTED');
});

test('token expired while reconnecting: TokenExpired once, then renewToken resumes with the new token', async () => {
  const h = harness();
  await loggedIn(h);
  let expired = 0;
  h.client.on('TokenExpired', () => expired++);
  h.transport.last.end();
  await h.clock.advance(1000);
  h.transport.last.open();
  await settle();
  h.transport.last.deliver({ requestId: h.transport.last.last('login').requestId, status: { code: ErrorCode.TOKEN_EXPIRED } });
  await h.clock.advance(30_000);
  assert.equal(expired, 1);
  const socketsBefore = h.transport.sockets.length;
  await h.client.renewToken('007new');
  await h.clock.advance(1000);
  assert.equal(h.transport.sockets.length, socketsBefore + 1);
  h.transport.last.open();
  await settle();
  const login = h.transport.last.last('login');
  assert.equal(login.body.case === 'login' && login.body.value.token, '007new');
  h.client.release();
});

test('a frame that is not a ServerFrame is skipped; the connection stays', async () => {
  const h = harness();
  await loggedIn(h);
  h.transport.last.deliverBytes(new Uint8Array([0xff, 0xff, 0xff]));
  await settle();
  assert.equal(h.client.connectionState, 'CONNECTED');
  assert.equal(h.transport.sockets.length, 1);
  h.client.release();
});
