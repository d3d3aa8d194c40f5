import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, MessageType } from '../../src/gen/parley/v1/frames_pb';
import { settle } from '../support/fakes';
import { harness, loggedIn } from '../support/client';

test('a peer message push reaches MessageFromPeer, then is acked; a re-send is acked again but not shown twice', async () => {
  const h = harness();
  await loggedIn(h);
  const got: string[] = [];
  h.client.on('MessageFromPeer', (m, from, props) => {
    got.push(`${from}:${'text' in m ? m.text : ''}:${props.serverReceivedTs}`);
    assert.equal(h.transport.last.sent.filter((f) => f.body.case === 'deliveryAck').length, 0, 'no ack before the app');
  });
  const push = { requestId: 0, body: { case: 'peerMessage' as const, value: {
    messageId: 77n, fromUserId: 'bob', body: { type: MessageType.TEXT, text: 'hi' }, serverReceivedTs: 1234n } } };
  h.transport.last.deliver(push);
  h.transport.last.deliver(push);
  await settle();
  assert.deepEqual(got, ['bob:hi:1234']);
  const acks = h.transport.last.sent.filter((f) => f.body.case === 'deliveryAck');
  assert.equal(acks.length, 2);
  assert.deepEqual(acks.map((a) => a.body.case === 'deliveryAck' && a.body.value.messageIds), [[77n], [77n]]);
  h.client.release();
});

test('a push whose body breaks the RTM rules is skipped and not acked', async () => {
  const h = harness();
  await loggedIn(h);
  let shown = 0;
  h.client.on('MessageFromPeer', () => shown++);
  h.transport.last.deliver({ requestId: 0, body: { case: 'peerMessage', value: {
    messageId: 5n, fromUserId: 'bob', body: { type: MessageType.TEXT, text: 'hi', raw: new Uint8Array(10) } } } });
  h.transport.last.deliver({ requestId: 0, body: { case: 'peerMessage', value: {
    messageId: 6n, fromUserId: 'bob', body: { type: MessageType.TEXT, text: 'x'.repeat(40_000) } } } });
  await settle();
  assert.equal(shown, 0);
  assert.equal(h.transport.last.sent.filter((f) => f.body.case === 'deliveryAck').length, 0);
  h.client.release();
});

test('raw messages go out as RAW with their description and come in as rawMessage', async () => {
  const h = harness();
  await loggedIn(h);
  const sent = h.client.sendMessageToPeer({ rawMessage: new Uint8Array([1, 2, 3]), description: 'd' }, 'bob');
  await settle();
  const req = h.transport.last.last('sendPeerMessage');
  assert.ok(req.body.case === 'sendPeerMessage');
  assert.equal(req.body.value.body?.type, MessageType.RAW);
  assert.deepEqual([...req.body.value.body!.raw], [1, 2, 3]);
  assert.equal(req.body.value.body?.text, 'd');
  h.transport.last.deliver({ requestId: req.requestId, status: { code: ErrorCode.CACHED_BY_SERVER } });
  assert.deepEqual(await sent, { hasPeerReceived: false });
  let got: unknown;
  h.client.on('MessageFromPeer', (m) => { got = m; });
  h.transport.last.deliver({ requestId: 0, body: { case: 'peerMessage', value: {
    messageId: 8n, fromUserId: 'bob', body: { type: MessageType.RAW, text: 'desc', raw: new Uint8Array([9]) } } } });
  await settle();
  assert.deepEqual(got, { rawMessage: new Uint8Array([9]), description: 'desc', messageType: 'RAW' });
  h.client.release();
});

test('sendMessageToPeer checks: not logged in 102, bad peer 6, over 32 KB 7 (limit), bad object 7, 181st in 3 s 5', async () => {
  const h = harness();
  await assert.rejects(h.client.sendMessageToPeer({ text: 'x' }, 'bob'), { name: 'RtmInvalidStatusError', code: 102 });
  await loggedIn(h);
  await assert.rejects(h.client.sendMessageToPeer({ text: 'x' }, 'no/slash'), { name: 'RtmInvalidArgumentError', code: 6 });
  await assert.rejects(h.client.sendMessageToPeer({ text: 'é'.repeat(16_385) }, 'bob'),
    { name: 'RtmLimitExceededError', code: 7 });
  await assert.rejects(h.client.sendMessageToPeer({ text: '' }, 'bob'), { name: 'RtmInvalidArgumentError', code: 7 });
  const pending = [];
  for (let i = 0; i < 180; i++) {
    pending.push(h.client.sendMessageToPeer({ text: `m${i}` }, 'bob').catch(() => undefined));
  }
  await assert.rejects(h.client.sendMessageToPeer({ text: 'one more' }, 'bob'), { name: 'RtmLimitExceededError', code: 5 });
  h.client.release();
  await Promise.all(pending);
});

test('server answers map to the 1.x result: unreachable → hasPeerReceived false; no ack in 10 s → RtmTimeoutError 2', async () => {
  const h = harness();
  await loggedIn(h);
  const unreachable = h.client.sendMessageToPeer({ text: 'a' }, 'bob');
  await settle();
  h.transport.last.deliver({ requestId: h.transport.last.last('sendPeerMessage').requestId,
    status: { code: ErrorCode.PEER_UNREACHABLE } });
  assert.deepEqual(await unreachable, { hasPeerReceived: false });
  const slow = h.client.sendMessageToPeer({ text: 'b' }, 'bob');
  const failed = assert.rejects(slow, { name: 'RtmTimeoutError', code: 2 });
  await h.clock.advance(10_000);
  await failed;
  h.client.release();
});

test('a listener that throws does not stop the others or the ack', async () => {
  const h = harness();
  await loggedIn(h);
  let second = 0;
  h.client.on('MessageFromPeer', () => { throw new Error('app bug'); });
  h.client.on('MessageFromPeer', () => second++);
  h.transport.last.deliver({ requestId: 0, body: { case: 'peerMessage', value: {
    messageId: 1n, fromUserId: 'bob', body: { type: MessageType.TEXT, text: 'x' } } } });
  await settle();
  assert.equal(second, 1);
  assert.equal(h.transport.last.sent.filter((f) => f.body.case === 'deliveryAck').length, 1);
  h.client.release();
});
