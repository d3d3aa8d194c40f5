import { ErrorCode, type ServerFrame } from './gen/parley/v1/frames_pb';
import { systemClock, type Clock } from './clock';
import {
  CreateChannelError, GetChannelMemberCountErrCode as GC, InvitationApiCallError, LoginError, LogoutError,
  PeerMessageError as P, RenewTokenError as R,
} from './codes';
import { ConnectionManager, LoginFailed, type SessionEvents } from './connection';
import { RequestFailed } from './pending';
import { EventEmitter } from './emitter';
import {
  LOG_FILTER_DEBUG, LOG_FILTER_ERROR, LOG_FILTER_INFO, LOG_FILTER_OFF, LOG_FILTER_WARNING,
  type ConnectionChangeReason, type ConnectionState, type LogFilterType, type PeerOnlineState,
  type PeerSubscriptionOption,
} from './enums';
import {
  RtmInvalidArgumentError, RtmInvalidStatusError, RtmInvokeTooOftenError, RtmLimitExceededError, RtmTimeoutError,
  RtmUnauthenticatedError, RtmUnavailableError, RtmUnknownError, type RtmError,
} from './errors';
import { call, invalid, limit, notLoggedIn, serverError, type FailureCodes } from './failures';
import {
  Attributes, type AttributesMap, type ChannelAttributeOptions, type ChannelAttributes,
} from './attributes';
import { LocalInvitation, RemoteInvitation, InvitationBook } from './invitations';
import { Presence } from './presence';
import { Logger } from './log';
import { END_CALL_PREFIX, fromWire, toWire, type ReceivedMessageProperties, type RtmMessage } from './messages';
import { RateWindow } from './rate';
import { MAX_TOKEN_CHARS, checkMessage, isValidId } from './rules';
import { RtmChannel } from './channel';
import type { Transport } from './transport';
import { WebSocketTransport } from './transport';

export interface RtmConfig {
  enableLogUpload?: boolean;
  logFilter?: LogFilterType;
  enableCloudProxy?: boolean;
  /** Parley: where the server is (tried in order on reconnect), e.g. `['ws://localhost:9601/rtm']`. */
  endpoints?: string[];
}

export interface PeerMessageSendResult {
  hasPeerReceived: boolean;
}

/** Parley's optional third argument of sendMessageToPeer (RTM's SendMessageOptions). */
export interface SendMessageOptions {
  enableOfflineMessaging?: boolean;
  enableHistoricalMessaging?: boolean;
}

export interface RtmClientEvents {
  MessageFromPeer: (message: RtmMessage, peerId: string, messageProps: ReceivedMessageProperties) => void;
  ConnectionStateChanged: (newState: ConnectionState, reason: ConnectionChangeReason) => void;
  RemoteInvitationReceived: (remoteInvitation: RemoteInvitation) => void;
  TokenExpired: () => void;
  TokenPrivilegeWillExpire: () => void;
  PeersOnlineStatusChanged: (status: Record<string, PeerOnlineState>) => void;
  FallbackProxyConnected: () => void;
}

/** What a client is built from: tests pass a fake transport and clock. */
export interface ClientDeps {
  transport?: Transport;
  clock?: Clock;
  random?: () => number;
  heartbeatMs?: number;
  lostAfterMs?: number;
  loginTimeoutMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

const CONFIG_KEYS = new Set(['enableLogUpload', 'logFilter', 'enableCloudProxy', 'endpoints']);
const FILTERS = [LOG_FILTER_OFF, LOG_FILTER_ERROR, LOG_FILTER_WARNING, LOG_FILTER_INFO, LOG_FILTER_DEBUG];
const REQUEST_TIMEOUT_MS = 10_000;
const DEDUP_WINDOW = 8192;

const PEER: FailureCodes = {
  notLoggedIn: P.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN, timeout: P.PEER_MESSAGE_ERR_TIMEOUT,
  failure: P.PEER_MESSAGE_ERR_FAILURE,
  server: {
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, P.PEER_MESSAGE_ERR_TOO_OFTEN],
    [ErrorCode.INVALID_USER_ID]: [RtmInvalidArgumentError, P.PEER_MESSAGE_ERR_INVALID_USERID],
    [ErrorCode.INVALID_MESSAGE]: [RtmInvalidArgumentError, P.PEER_MESSAGE_ERR_INVALID_MESSAGE],
    [ErrorCode.TIMEOUT]: [RtmTimeoutError, P.PEER_MESSAGE_ERR_TIMEOUT],
  },
};
const COUNT: FailureCodes = {
  notLoggedIn: GC.GET_CHANNEL_MEMBER_COUNT_ERR_USER_NOT_LOGGED_IN, timeout: GC.GET_CHANNEL_MEMBER_COUNT_ERR_TIMEOUT,
  failure: GC.GET_CHANNEL_MEMBER_COUNT_ERR_FAILURE,
  server: {
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, GC.GET_CHANNEL_MEMBER_COUNT_ERR_TOO_OFTEN],
    [ErrorCode.EXCEED_LIMIT]: [RtmInvalidArgumentError, GC.GET_CHANNEL_MEMBER_COUNT_ERR_EXCEED_LIMIT],
    [ErrorCode.INVALID_ARGUMENT]: [RtmInvalidArgumentError, GC.GET_CHANNEL_MEMBER_COUNT_ERR_INVALID_ARGUMENT],
  },
};
const RENEW: FailureCodes = {
  notLoggedIn: R.RENEW_TOKEN_ERR_USER_NOT_LOGGED_IN, timeout: R.RENEW_TOKEN_ERR_FAILURE, failure: R.RENEW_TOKEN_ERR_FAILURE,
  server: {
    [ErrorCode.INVALID_TOKEN]: [RtmUnauthenticatedError, R.RENEW_TOKEN_ERR_INVALID_TOKEN],
    [ErrorCode.INVALID_APP_ID]: [RtmUnauthenticatedError, R.RENEW_TOKEN_ERR_INVALID_TOKEN],
    [ErrorCode.TOKEN_EXPIRED]: [RtmUnauthenticatedError, R.RENEW_TOKEN_ERR_TOKEN_EXPIRED],
    [ErrorCode.TOO_OFTEN]: [RtmInvokeTooOftenError, R.RENEW_TOKEN_ERR_TOO_OFTEN],
    [ErrorCode.REJECTED]: [RtmUnavailableError, R.RENEW_TOKEN_ERR_REJECTED],
  },
};

/**
 * A Parley client with the API of RTM Web SDK 1.x's `RtmClient`: created by
 * `AgoraRTM.createInstance`, it logs one user in over WebSocket and emits the 1.x events. Events
 * are emitted after the state they describe is in place; a listener that throws is logged.
 */
export class RtmClient extends EventEmitter<RtmClientEvents> {
  /** The connection state (as the 1.5.1 runtime exposes it). */
  get connectionState(): ConnectionState {
    return this.connection.connectionState;
  }

  private readonly connection: ConnectionManager;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly messageRate: RateWindow;
  private lastLoginAt = -Infinity;
  private readonly seen = new Set<bigint>();
  private readonly channels = new Map<string, RtmChannel[]>();
  private readonly presence: Presence;
  private readonly attributes: Attributes;
  private readonly invitations: InvitationBook;
  private config: Required<Pick<RtmConfig, 'enableLogUpload' | 'logFilter' | 'enableCloudProxy'>>;
  private readonly detachNetworkEvents: () => void;

  /** @internal created by AgoraRTM.createInstance */
  constructor(readonly appId: string, endpoints: readonly string[], config: RtmConfig, deps: ClientDeps = {}) {
    super();
    this.config = { enableLogUpload: false, logFilter: LOG_FILTER_INFO, enableCloudProxy: false };
    this.log = new Logger();
    this.applyConfig(config);
    this.onListenerError = (event, err) => this.log.error(`a ${event} listener threw`, err);
    this.clock = deps.clock ?? systemClock;
    this.messageRate = new RateWindow(180, 3000, this.clock);
    const events: SessionEvents = {
      stateChanged: (state, reason) => this.emit('ConnectionStateChanged', state, reason),
      push: (frame) => this.push(frame),
      reconnected: (resumed) => this.reconnected(resumed),
      sessionClosed: () => this.sessionClosed(),
      tokenExpired: () => this.emit('TokenExpired'),
      tokenWillExpire: () => this.emit('TokenPrivilegeWillExpire'),
    };
    this.connection = new ConnectionManager({
      appId, endpoints, transport: deps.transport ?? new WebSocketTransport(), clock: this.clock, log: this.log,
      random: deps.random, heartbeatMs: deps.heartbeatMs, lostAfterMs: deps.lostAfterMs,
      loginTimeoutMs: deps.loginTimeoutMs, reconnectInitialMs: deps.reconnectInitialMs,
      reconnectMaxMs: deps.reconnectMaxMs,
    }, events);
    this.presence = new Presence(this.connection, this.log, (status) => this.emit('PeersOnlineStatusChanged', status));
    this.attributes = new Attributes(this.connection, this.log);
    this.invitations = new InvitationBook(this.connection, this.log, (inv) => this.emit('RemoteInvitationReceived', inv));
    this.detachNetworkEvents = watchNetwork(this.connection);
  }

  // ---------------------------------------------------------------------------------- session

  async login(options: { uid: string; token?: string }): Promise<void> {
    const uid = options?.uid;
    const token = options?.token;
    if (!isValidId(uid) || (token !== undefined && token !== null && typeof token !== 'string')) {
      throw new RtmInvalidArgumentError(LoginError.LOGIN_ERR_INVALID_ARGUMENT, 'invalid uid or token');
    }
    if (typeof token === 'string' && token.length > MAX_TOKEN_CHARS) {
      throw new RtmUnauthenticatedError(LoginError.LOGIN_ERR_INVALID_TOKEN, 'token too long');
    }
    if (this.connection.connectionState !== 'DISCONNECTED') {
      throw new RtmInvalidStatusError(LoginError.LOGIN_ERR_ALREADY_LOGIN, 'already logged in or logging in');
    }
    const now = this.clock.now();
    if (now - this.lastLoginAt < 500) {
      throw new RtmInvokeTooOftenError(LoginError.LOGIN_ERR_TOO_OFTEN, 'login called more than twice a second');
    }
    this.lastLoginAt = now;
    this.seen.clear();
    try {
      await this.connection.login(uid, !token || token === this.appId ? '' : token);
    } catch (err) {
      throw loginError(err);
    }
  }

  async logout(): Promise<void> {
    if (this.connection.connectionState === 'DISCONNECTED') {
      throw new RtmInvalidStatusError(LogoutError.LOGOUT_ERR_USER_NOT_LOGGED_IN, 'not logged in');
    }
    this.connection.logout();
  }

  async renewToken(token: string): Promise<void> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_CHARS) {
      throw new RtmInvalidArgumentError(R.RENEW_TOKEN_ERR_INVALID_ARGUMENT, 'invalid token');
    }
    const state = this.connection.connectionState;
    if (state !== 'CONNECTED' && state !== 'RECONNECTING') {
      throw new RtmInvalidStatusError(R.RENEW_TOKEN_ERR_USER_NOT_LOGGED_IN, 'not logged in');
    }
    if (this.connection.storeTokenIfNotConnected(token)) {
      return; // used by the next (re)login, which the server checks
    }
    await call('renewToken', RENEW, () => this.connection.request({ case: 'renewToken', value: { token } }, 5000));
    this.connection.tokenRenewed(token);
  }

  updateConfig(config: RtmConfig): void {
    this.applyConfig(config);
  }

  /** @deprecated since RTM 1.4.2: use updateConfig. */
  setParameters(config: RtmConfig): void {
    this.applyConfig(config);
  }

  createMessage<T extends RtmMessage>(message: Partial<T>): T {
    return message as T;
  }

  // --------------------------------------------------------------------------- peer messages

  async sendMessageToPeer(message: RtmMessage, peerId: string,
                          options?: SendMessageOptions): Promise<PeerMessageSendResult> {
    if (this.connection.connectionState !== 'CONNECTED' && this.connection.connectionState !== 'RECONNECTING') {
      throw notLoggedIn(P.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN, 'sendMessageToPeer');
    }
    if (!isValidId(peerId)) {
      throw invalid(P.PEER_MESSAGE_ERR_INVALID_USERID, 'invalid peer id');
    }
    const checked = checkMessage(message);
    if (!checked.ok) {
      throw checked.reason === 'too_large' ? limit(P.PEER_MESSAGE_ERR_INVALID_MESSAGE, 'message over 32 KB')
        : invalid(P.PEER_MESSAGE_ERR_INVALID_MESSAGE, 'invalid message');
    }
    if (checked.type === 'TEXT' && checked.text.startsWith(END_CALL_PREFIX)
        && !/^AgoraRTMLegacyEndcallCompatibleMessagePrefix_[^_]+_.*$/s.test(checked.text)) {
      throw invalid(P.PEER_MESSAGE_ERR_INVALID_MESSAGE, 'malformed END_CALL_PREFIX message');
    }
    if (!this.messageRate.tryAcquire()) {
      throw limit(P.PEER_MESSAGE_ERR_TOO_OFTEN, 'more than 180 messages in 3 s');
    }
    let reply: ServerFrame;
    try {
      reply = await this.connection.sessionRequest({
        case: 'sendPeerMessage',
        value: { peerId, body: toWire(checked), enableOfflineMessaging: options?.enableOfflineMessaging ?? false,
          enableHistoricalMessaging: options?.enableHistoricalMessaging ?? false },
      }, REQUEST_TIMEOUT_MS);
    } catch (err) {
      throw err instanceof RequestFailed && err.failure === 'timeout'
        ? new RtmTimeoutError(P.PEER_MESSAGE_ERR_TIMEOUT, 'the peer did not acknowledge in 10 s')
        : err instanceof RequestFailed && err.failure === 'not_connected'
          ? notLoggedIn(P.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN, 'sendMessageToPeer')
          : new RtmUnavailableError(P.PEER_MESSAGE_ERR_FAILURE, `sendMessageToPeer: ${String((err as Error).message)}`);
    }
    const code = reply.status?.code ?? ErrorCode.OK;
    if (code === ErrorCode.OK) {
      return { hasPeerReceived: true };
    }
    if (code === ErrorCode.PEER_UNREACHABLE || code === ErrorCode.CACHED_BY_SERVER) {
      return { hasPeerReceived: false };
    }
    throw serverError('sendMessageToPeer', PEER, reply);
  }

  private peerMessage(frame: ServerFrame): void {
    if (frame.body.case !== 'peerMessage') {
      return;
    }
    const push = frame.body.value;
    const message = fromWire(push.body);
    if (message === null) {
      this.log.warn(`skipping peer message ${push.messageId} from ${push.fromUserId}: its body breaks the RTM rules`);
      return; // not acknowledged
    }
    const ack = () => this.connection.sendOneWay({ case: 'deliveryAck', value: { messageIds: [push.messageId] } });
    if (this.seen.has(push.messageId)) {
      ack(); // a re-send after a resume: the app had it already
      return;
    }
    this.seen.add(push.messageId);
    if (this.seen.size > DEDUP_WINDOW) {
      this.seen.delete(this.seen.values().next().value as bigint);
    }
    try {
      this.emit('MessageFromPeer', message, push.fromUserId, { serverReceivedTs: Number(push.serverReceivedTs) });
    } finally {
      ack(); // acknowledged once the app has it
    }
  }

  // ------------------------------------------------------------- presence and attributes (delegated)

  queryPeersOnlineStatus(peerIds: string[]): Promise<Record<string, boolean>> {
    return this.presence.queryPeersOnlineStatus(peerIds);
  }

  subscribePeersOnlineStatus(peerIds: string[]): Promise<void> {
    return this.presence.subscribePeersOnlineStatus(peerIds);
  }

  unsubscribePeersOnlineStatus(peerIds: string[]): Promise<void> {
    return this.presence.unsubscribePeersOnlineStatus(peerIds);
  }

  queryPeersBySubscriptionOption(option: PeerSubscriptionOption): Promise<string[]> {
    return this.presence.queryPeersBySubscriptionOption(option);
  }

  setLocalUserAttributes(attributes: AttributesMap): Promise<void> {
    return this.attributes.setLocalUserAttributes(attributes);
  }

  addOrUpdateLocalUserAttributes(attributes: AttributesMap): Promise<void> {
    return this.attributes.addOrUpdateLocalUserAttributes(attributes);
  }

  deleteLocalUserAttributesByKeys(attributeKeys: string[]): Promise<void> {
    return this.attributes.deleteLocalUserAttributesByKeys(attributeKeys);
  }

  clearLocalUserAttributes(): Promise<void> {
    return this.attributes.clearLocalUserAttributes();
  }

  getUserAttributes(userId: string): Promise<AttributesMap> {
    return this.attributes.getUserAttributes(userId);
  }

  getUserAttributesByKeys(userId: string, attributeKeys: string[]): Promise<AttributesMap> {
    return this.attributes.getUserAttributesByKeys(userId, attributeKeys);
  }

  getChannelAttributes(channelId: string): Promise<ChannelAttributes> {
    return this.attributes.getChannelAttributes(channelId);
  }

  getChannelAttributesByKeys(channelId: string, keys: string[]): Promise<ChannelAttributes> {
    return this.attributes.getChannelAttributesByKeys(channelId, keys);
  }

  setChannelAttributes(channelId: string, attributes: AttributesMap, options?: ChannelAttributeOptions): Promise<void> {
    return this.attributes.setChannelAttributes(channelId, attributes, options);
  }

  addOrUpdateChannelAttributes(channelId: string, attributes: AttributesMap,
                               options?: ChannelAttributeOptions): Promise<void> {
    return this.attributes.addOrUpdateChannelAttributes(channelId, attributes, options);
  }

  deleteChannelAttributesByKeys(channelId: string, attributeKeys: string[],
                                options?: ChannelAttributeOptions): Promise<void> {
    return this.attributes.deleteChannelAttributesByKeys(channelId, attributeKeys, options);
  }

  clearChannelAttributes(channelId: string, options?: ChannelAttributeOptions): Promise<void> {
    return this.attributes.clearChannelAttributes(channelId, options);
  }

  // -------------------------------------------------------------------------------- channels

  createChannel(channelId: string): RtmChannel {
    if (!isValidId(channelId)) {
      throw invalid(CreateChannelError.CREATE_CHANNEL_ERR_INVALID_ARGUMENT, 'invalid channel id');
    }
    const channel = new RtmChannel(channelId, this.connection, this.log, this.messageRate,
      (c) => this.joinedElsewhere(c));
    const list = this.channels.get(channelId) ?? [];
    list.push(channel);
    this.channels.set(channelId, list);
    return channel;
  }

  /** True if another instance of the same channel id is joined (join fails with 202). */
  private joinedElsewhere(c: RtmChannel): boolean {
    return (this.channels.get(c.channelId) ?? []).some((other) => other !== c && other.isJoined());
  }

  async getChannelMemberCount(channelIds: string[]): Promise<Record<string, number>> {
    this.requireLoggedIn(GC.GET_CHANNEL_MEMBER_COUNT_ERR_USER_NOT_LOGGED_IN, 'getChannelMemberCount');
    if (!Array.isArray(channelIds) || channelIds.length === 0 || !channelIds.every(isValidId)) {
      throw invalid(GC.GET_CHANNEL_MEMBER_COUNT_ERR_INVALID_ARGUMENT, 'valid channel ids');
    }
    if (channelIds.length > 32) {
      throw invalid(GC.GET_CHANNEL_MEMBER_COUNT_ERR_EXCEED_LIMIT, 'at most 32 channel ids');
    }
    const reply = await call('getChannelMemberCount', COUNT, () => this.connection.request(
      { case: 'getChannelMemberCount', value: { channelIds } }, REQUEST_TIMEOUT_MS));
    const out: Record<string, number> = {};
    if (reply.body.case === 'channelMemberCounts') {
      for (const c of reply.body.value.counts) {
        out[c.channelId] = c.count;
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------ invitations

  createLocalInvitation(calleeId: string): LocalInvitation {
    if (!isValidId(calleeId)) {
      throw invalid(InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT, 'invalid callee id');
    }
    return this.invitations.createLocal(calleeId);
  }

  // -------------------------------------------------------------------------------- internals

  private requireLoggedIn(code: number, op: string): void {
    if (this.connection.connectionState !== 'CONNECTED') {
      throw notLoggedIn(code, op);
    }
  }

  private push(frame: ServerFrame): void {
    switch (frame.body.case) {
      case 'peerMessage':
        this.peerMessage(frame);
        return;
      case 'peersStatusChanged':
        this.presence.emitStatuses(frame.body.value.statuses);
        return;
      case 'invitationEvent':
        this.invitations.event(frame.body.value);
        return;
      case 'channelMessage':
      case 'memberJoined':
      case 'memberLeft':
      case 'memberCount':
      case 'channelAttributesUpdated':
      case 'channelLeft': {
        const id = frame.body.value.channelId;
        for (const c of this.channels.get(id) ?? []) {
          if (c.isJoined()) {
            c.push(frame);
          }
        }
        return;
      }
      default:
        this.log.debug(`ignoring a push of kind ${String(frame.body.case)}`);
    }
  }

  /** A reconnect that landed on a fresh server session: restore what the old one held. */
  private reconnected(resumed: boolean): void {
    if (resumed) {
      return;
    }
    this.seen.clear();
    for (const list of this.channels.values()) {
      list.filter((c) => c.isJoined()).forEach((c) => c.rejoin());
    }
    this.presence.resubscribe();
    this.attributes.restore();
  }

  private sessionClosed(): void {
    for (const list of this.channels.values()) {
      list.forEach((c) => c.sessionClosed());
    }
    this.presence.sessionClosed();
    this.attributes.sessionClosed();
    this.invitations.sessionClosed();
  }

  private applyConfig(config: RtmConfig | undefined): void {
    if (config === undefined || config === null) {
      return;
    }
    if (typeof config !== 'object') {
      throw new RtmInvalidArgumentError(1, 'config must be an object');
    }
    for (const k of Object.keys(config)) {
      if (!CONFIG_KEYS.has(k)) {
        throw new RtmInvalidArgumentError(1, `unknown config key ${k}`);
      }
    }
    if (config.logFilter !== undefined) {
      if (!FILTERS.some((f) => sameFilter(f, config.logFilter!))) {
        throw new RtmInvalidArgumentError(1, 'logFilter must be one of AgoraRTM.LOG_FILTER_*');
      }
      this.config.logFilter = config.logFilter;
      this.log.filter = config.logFilter;
    }
    if (config.enableLogUpload !== undefined) {
      this.config.enableLogUpload = Boolean(config.enableLogUpload); // nothing is uploaded anywhere
    }
    if (config.enableCloudProxy !== undefined) {
      this.config.enableCloudProxy = Boolean(config.enableCloudProxy); // no proxy: the endpoints are the server
    }
  }

  /** @internal stops timers and listeners (tests; a page that drops the client). */
  release(): void {
    this.detachNetworkEvents();
    this.connection.shutdown();
  }
}

function sameFilter(a: LogFilterType, b: LogFilterType): boolean {
  return a.error === b.error && a.warn === b.warn && a.info === b.info && a.debug === b.debug;
}


/** The RTM error for a failed login (the Web SDK's mapping of the server's rejections). */
function loginError(err: unknown): RtmError {
  if (!(err instanceof LoginFailed)) {
    return new RtmUnknownError(LoginError.LOGIN_ERR_UNKNOWN, String(err), undefined, err);
  }
  if (err.kind === 'timeout') {
    return new RtmTimeoutError(LoginError.LOGIN_ERR_TIMEOUT, 'login timed out');
  }
  if (err.kind === 'aborted') {
    return new RtmUnknownError(LoginError.LOGIN_ERR_UNKNOWN, 'logged out before the login completed');
  }
  const code = err.serverCode ?? ErrorCode.INTERNAL;
  const name = ErrorCode[code];
  switch (code) {
    case ErrorCode.INVALID_APP_ID:
      return new RtmUnauthenticatedError(LoginError.LOGIN_ERR_INVALID_APP_ID, 'invalid app id', name);
    case ErrorCode.INVALID_TOKEN:
    case ErrorCode.NOT_AUTHORIZED:
      return new RtmUnauthenticatedError(LoginError.LOGIN_ERR_INVALID_TOKEN, 'invalid token', name);
    case ErrorCode.TOKEN_EXPIRED:
      return new RtmUnauthenticatedError(LoginError.LOGIN_ERR_TOKEN_EXPIRED, 'token expired', name);
    case ErrorCode.INVALID_ARGUMENT:
    case ErrorCode.INVALID_USER_ID:
      return new RtmUnauthenticatedError(LoginError.LOGIN_ERR_INVALID_ARGUMENT, 'uid rejected', name);
    case ErrorCode.TOO_OFTEN:
      return new RtmInvokeTooOftenError(LoginError.LOGIN_ERR_TOO_OFTEN, 'login too often', name);
    case ErrorCode.REJECTED:
      return new RtmUnavailableError(LoginError.LOGIN_ERR_REJECTED, 'login rejected', name);
    default:
      return new RtmUnavailableError(LoginError.LOGIN_ERR_UNKNOWN, 'login failed', name);
  }
}

/** The page's online/visibility events speed up reconnects; heartbeats still decide. */
function watchNetwork(connection: ConnectionManager): () => void {
  const g = globalThis as {
    addEventListener?: (e: string, f: () => void) => void;
    removeEventListener?: (e: string, f: () => void) => void;
    document?: { visibilityState?: string; addEventListener?: (e: string, f: () => void) => void;
      removeEventListener?: (e: string, f: () => void) => void };
  };
  if (typeof g.addEventListener !== 'function') {
    return () => undefined;
  }
  const online = () => connection.networkOnline();
  const visible = () => {
    if (g.document?.visibilityState === 'visible') {
      connection.wakeUp();
    }
  };
  g.addEventListener('online', online);
  g.document?.addEventListener?.('visibilitychange', visible);
  return () => {
    g.removeEventListener?.('online', online);
    g.document?.removeEventListener?.('visibilitychange', visible);
  };
}

export type { AttributesMap, ChannelAttributeOptions, ChannelAttributeProperties, ChannelAttributes } from './attributes';
