/**
 * The string enums of RTM Web SDK 1.x (`RtmStatusCode`): every value equals its name.
 */
function stringEnum<const T extends readonly string[]>(names: T): { readonly [K in T[number]]: K } {
  const out: Record<string, string> = {};
  for (const n of names) {
    out[n] = n;
  }
  return Object.freeze(out) as { readonly [K in T[number]]: K };
}

export const ConnectionState = stringEnum(['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'RECONNECTING', 'ABORTED'] as const);
export type ConnectionState = keyof typeof ConnectionState;

export const ConnectionChangeReason = stringEnum(['LOGIN', 'LOGIN_SUCCESS', 'LOGIN_FAILURE', 'LOGIN_TIMEOUT',
  'INTERRUPTED', 'LOGOUT', 'BANNED_BY_SERVER', 'REMOTE_LOGIN', 'TOKEN_EXPIRED'] as const);
export type ConnectionChangeReason = keyof typeof ConnectionChangeReason;

export const LocalInvitationState = stringEnum(['IDLE', 'SENT_TO_REMOTE', 'RECEIVED_BY_REMOTE', 'ACCEPTED_BY_REMOTE',
  'REFUSED_BY_REMOTE', 'CANCELED', 'FAILURE'] as const);
export type LocalInvitationState = keyof typeof LocalInvitationState;

export const RemoteInvitationState = stringEnum(['INVITATION_RECEIVED', 'ACCEPT_SENT_TO_LOCAL', 'REFUSED', 'ACCEPTED',
  'CANCELED', 'FAILURE'] as const);
export type RemoteInvitationState = keyof typeof RemoteInvitationState;

export const LocalInvitationFailureReason = stringEnum(['UNKNOWN', 'PEER_NO_RESPONSE', 'INVITATION_EXPIRE',
  'PEER_OFFLINE', 'NOT_LOGGEDIN'] as const);
export type LocalInvitationFailureReason = keyof typeof LocalInvitationFailureReason;

export const RemoteInvitationFailureReason = stringEnum(['UNKNOWN', 'PEER_OFFLINE', 'ACCEPT_FAILURE',
  'INVITATION_EXPIRE'] as const);
export type RemoteInvitationFailureReason = keyof typeof RemoteInvitationFailureReason;

export const PeerOnlineState = stringEnum(['ONLINE', 'UNREACHABLE', 'OFFLINE'] as const);
export type PeerOnlineState = keyof typeof PeerOnlineState;

export const PeerSubscriptionOption = stringEnum(['ONLINE_STATUS'] as const);
export type PeerSubscriptionOption = keyof typeof PeerSubscriptionOption;

export const MessageType = stringEnum(['TEXT', 'RAW'] as const);
export type MessageType = keyof typeof MessageType;

/** Log levels an app can pick with `logFilter` (the `LOG_FILTER_*` objects). */
export interface LogFilterType {
  error: boolean;
  warn: boolean;
  info: boolean;
  track: boolean;
  debug: boolean;
}

function filter(error: boolean, warn: boolean, info: boolean, debug: boolean): LogFilterType {
  return Object.freeze({ error, warn, info, track: debug, debug });
}

export const LOG_FILTER_OFF = filter(false, false, false, false);
export const LOG_FILTER_ERROR = filter(true, false, false, false);
export const LOG_FILTER_WARNING = filter(true, true, false, false);
export const LOG_FILTER_INFO = filter(true, true, true, false);
export const LOG_FILTER_DEBUG = filter(true, true, true, true);
