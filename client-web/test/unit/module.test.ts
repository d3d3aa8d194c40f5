import { test } from 'node:test';
import assert from 'node:assert/strict';
import AgoraRTM from '../../src/index';

test('the module value has 1.5.1 runtime keys, in order, and no default', () => {
  assert.deepEqual(Object.keys(AgoraRTM), ['createInstance', 'BUILD', 'VERSION', 'END_CALL_PREFIX', 'processId',
    'ConnectionChangeReason', 'ConnectionState', 'LocalInvitationFailureReason', 'LocalInvitationState',
    'RemoteInvitationFailureReason', 'RemoteInvitationState', 'MessageType', 'PeerOnlineState',
    'PeerSubscriptionOption', 'LOG_FILTER_OFF', 'LOG_FILTER_ERROR', 'LOG_FILTER_WARNING', 'LOG_FILTER_INFO',
    'LOG_FILTER_DEBUG', 'setParameter', 'getParameter', 'setArea']);
  assert.equal(AgoraRTM.END_CALL_PREFIX, 'AgoraRTMLegacyEndcallCompatibleMessagePrefix');
  assert.equal(AgoraRTM.ConnectionState.RECONNECTING, 'RECONNECTING');
  assert.equal(AgoraRTM.ConnectionChangeReason.BANNED_BY_SERVER, 'BANNED_BY_SERVER');
  assert.deepEqual(AgoraRTM.LOG_FILTER_WARNING, { error: true, warn: true, info: false, track: false, debug: false });
});

test('createInstance: a bad app id or config key throws RtmInvalidArgumentError 1', () => {
  assert.throws(() => AgoraRTM.createInstance('bad'), { name: 'RtmInvalidArgumentError', code: 1 });
  assert.throws(() => AgoraRTM.createInstance('0123456789abcdef0123456789abcdef', { nope: true } as never),
    { name: 'RtmInvalidArgumentError', code: 1 });
  assert.throws(() => AgoraRTM.createInstance('0123456789abcdef0123456789abcdef', { endpoints: ['http://x'] }),
    { name: 'RtmInvalidArgumentError', code: 1 });
});

test('error messages read as 1.x ones do', () => {
  try {
    AgoraRTM.createInstance('bad');
    assert.fail('expected a throw');
  } catch (e) {
    assert.match((e as Error).message, /^ Error Code 1 - .+\.$/);
    assert.ok(e instanceof Error);
  }
});
