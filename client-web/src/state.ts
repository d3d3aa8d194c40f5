import { ConnectionChangeReason, ConnectionState } from './enums';

/** What happens to a connection; the one transition function below turns it into a state change. */
export type ConnEvent = 'LOGIN' | 'LOGIN_OK' | 'LOGIN_FAILED' | 'LOGIN_TIMED_OUT' | 'CONNECTION_LOST'
  | 'REMOTE_LOGIN' | 'BANNED' | 'TOKEN_EXPIRED' | 'LOGOUT';

export interface Transition {
  to: ConnectionState;
  reason: ConnectionChangeReason;
}

/**
 * The connection state machine of RTM 1.x (the Java SDK's ConnectionStateMachine, with the web
 * SDK's state and reason strings): the target state and reason, or null when the event does not
 * apply in that state. Pure; every (state, event) pair is tested.
 */
export function nextState(from: ConnectionState, event: ConnEvent): Transition | null {
  const t = (to: ConnectionState, reason: ConnectionChangeReason): Transition => ({ to, reason });
  switch (event) {
    case 'LOGIN':
      return from === 'DISCONNECTED' ? t('CONNECTING', 'LOGIN') : null;
    case 'LOGIN_OK':
      return from === 'CONNECTING' || from === 'RECONNECTING' ? t('CONNECTED', 'LOGIN_SUCCESS') : null;
    case 'LOGIN_FAILED':
      return from === 'CONNECTING' ? t('DISCONNECTED', 'LOGIN_FAILURE') : null;
    case 'LOGIN_TIMED_OUT':
      return from === 'CONNECTING' ? t('DISCONNECTED', 'LOGIN_TIMEOUT') : null;
    case 'CONNECTION_LOST':
      return from === 'CONNECTED' ? t('RECONNECTING', 'INTERRUPTED') : null;
    case 'REMOTE_LOGIN':
      return from === 'CONNECTED' || from === 'RECONNECTING' ? t('ABORTED', 'REMOTE_LOGIN') : null;
    case 'BANNED':
      return from === 'CONNECTED' || from === 'RECONNECTING' ? t('ABORTED', 'BANNED_BY_SERVER') : null;
    case 'TOKEN_EXPIRED':
      return from === 'CONNECTED' || from === 'RECONNECTING' ? t('ABORTED', 'TOKEN_EXPIRED') : null;
    case 'LOGOUT':
      return from !== 'DISCONNECTED' ? t('DISCONNECTED', 'LOGOUT') : null;
  }
}

export const ALL_STATES: readonly ConnectionState[] = Object.values(ConnectionState);
export const ALL_EVENTS: readonly ConnEvent[] = ['LOGIN', 'LOGIN_OK', 'LOGIN_FAILED', 'LOGIN_TIMED_OUT',
  'CONNECTION_LOST', 'REMOTE_LOGIN', 'BANNED', 'TOKEN_EXPIRED', 'LOGOUT'];
