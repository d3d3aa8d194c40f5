import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_EVENTS, ALL_STATES, nextState } from '../../src/state';

// every (state, event) pair, as the Java SDK's ConnectionStateMachineTest pins it
const TABLE: Record<string, string | null> = {
  'DISCONNECTED LOGIN': 'CONNECTING LOGIN',
  'CONNECTING LOGIN_OK': 'CONNECTED LOGIN_SUCCESS',
  'RECONNECTING LOGIN_OK': 'CONNECTED LOGIN_SUCCESS',
  'CONNECTING LOGIN_FAILED': 'DISCONNECTED LOGIN_FAILURE',
  'CONNECTING LOGIN_TIMED_OUT': 'DISCONNECTED LOGIN_TIMEOUT',
  'CONNECTED CONNECTION_LOST': 'RECONNECTING INTERRUPTED',
  'CONNECTED REMOTE_LOGIN': 'ABORTED REMOTE_LOGIN',
  'RECONNECTING REMOTE_LOGIN': 'ABORTED REMOTE_LOGIN',
  'CONNECTED BANNED': 'ABORTED BANNED_BY_SERVER',
  'RECONNECTING BANNED': 'ABORTED BANNED_BY_SERVER',
  'CONNECTED TOKEN_EXPIRED': 'ABORTED TOKEN_EXPIRED',
  'RECONNECTING TOKEN_EXPIRED': 'ABORTED TOKEN_EXPIRED',
  'CONNECTING LOGOUT': 'DISCONNECTED LOGOUT',
  'CONNECTED LOGOUT': 'DISCONNECTED LOGOUT',
  'RECONNECTING LOGOUT': 'DISCONNECTED LOGOUT',
  'ABORTED LOGOUT': 'DISCONNECTED LOGOUT',
};

test('every state and event: the transition table', () => {
  for (const s of ALL_STATES) {
    for (const e of ALL_EVENTS) {
      const t = nextState(s, e);
      assert.equal(t === null ? null : `${t.to} ${t.reason}`, TABLE[`${s} ${e}`] ?? null, `${s} + ${e}`);
    }
  }
});
