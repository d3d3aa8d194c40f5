import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ClientFrameSchema, DisconnectCode, ErrorCode, ServerFrameSchema, type ServerFrame,
} from './gen/parley/v1/frames_pb';
import type { Clock } from './clock';
import type { ConnectionChangeReason, ConnectionState } from './enums';
import type { Logger } from './log';
import { PendingRequests, RequestFailed } from './pending';
import { nextState, type ConnEvent } from './state';
import type { Socket, Transport } from './transport';

/** The body of a client frame, as protobuf-es takes it. */
export type ClientBody = MessageInitShape<typeof ClientFrameSchema>['body'];

export const SDK_VERSION = 'parley-rtm-sdk/0.1.0';

export interface ConnectionOptions {
  appId: string;
  endpoints: readonly string[];
  transport: Transport;
  clock: Clock;
  log: Logger;
  loginTimeoutMs?: number;
  heartbeatMs?: number;
  lostAfterMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  random?: () => number;
}

/** What the connection tells the client, in order, after the state it describes is in place. */
export interface SessionEvents {
  stateChanged(state: ConnectionState, reason: ConnectionChangeReason): void;
  push(frame: ServerFrame): void;
  /** A reconnect logged in again: resumed = the server kept the session (channels, subscriptions). */
  reconnected(resumed: boolean): void;
  /** Logout or abort: the session is gone, nothing will be resumed. */
  sessionClosed(): void;
  tokenExpired(): void;
  tokenWillExpire(): void;
}

/** How a login attempt ended, for the client to turn into the RTM error. */
export class LoginFailed extends Error {
  constructor(readonly kind: 'timeout' | 'server' | 'aborted', readonly serverCode?: ErrorCode) {
    super(kind);
    this.name = 'LoginFailed';
  }
}

/**
 * One client's connection to Parley: login, heartbeats, reconnects (endpoints in turn, backoff
 * with jitter) with session resume, and the requests that ride on it. The web twin of the Java
 * SDK's ConnectionManager: one state, changed only by {@link nextState}; one pending-request
 * table. Single-threaded (the JS event loop); every timer comes from the injected clock.
 */
export class ConnectionManager {
  private state: ConnectionState = 'DISCONNECTED';
  private epoch = 0;
  private userId = '';
  private token = '';
  private sessionId = '';
  private socket: Socket | null = null;
  private socketOpen = false;
  private nextEndpoint = 0;
  private reconnectAttempt = 0;
  private waitingForRenewedToken = false;
  private lastInbound = 0;
  private heartbeatTimer: unknown = null;
  private loginTimer: unknown = null;
  private retryTimer: unknown = null;
  private loginSettle: { resolve(): void; reject(err: LoginFailed): void } | null = null;
  /** Session-bound requests made while RECONNECTING: sent once the session is back. */
  private deferred: { requestId: number; bytes: (rid: number) => Uint8Array }[] = [];
  private readonly pending: PendingRequests;
  private readonly loginTimeoutMs: number;
  private readonly heartbeatMs: number;
  private readonly lostAfterMs: number;
  private readonly reconnectInitialMs: number;
  private readonly reconnectMaxMs: number;
  private readonly random: () => number;
  private heartbeatIntervalMs: number;

  constructor(private readonly options: ConnectionOptions, private readonly events: SessionEvents) {
    this.pending = new PendingRequests(options.clock);
    this.loginTimeoutMs = options.loginTimeoutMs ?? 12_000;
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
    this.lostAfterMs = options.lostAfterMs ?? 6_000;
    this.reconnectInitialMs = options.reconnectInitialMs ?? 500;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 8_000;
    this.random = options.random ?? Math.random;
    this.heartbeatIntervalMs = this.heartbeatMs;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get currentUserId(): string {
    return this.userId;
  }

  // ------------------------------------------------------------------------------------ login

  /** Starts a login; the caller checked the state and the arguments. */
  login(userId: string, token: string): Promise<void> {
    this.userId = userId;
    this.token = token;
    this.sessionId = '';
    this.nextEndpoint = 0;
    this.reconnectAttempt = 0;
    const e = ++this.epoch;
    this.transition('LOGIN');
    const done = new Promise<void>((resolve, reject) => {
      this.loginSettle = { resolve, reject };
    });
    this.loginTimer = this.options.clock.setTimeout(() => this.loginTimedOut(e), this.loginTimeoutMs);
    this.attempt(e);
    return done;
  }

  private loginTimedOut(e: number): void {
    if (e !== this.epoch || this.state !== 'CONNECTING') {
      return;
    }
    this.epoch++;
    this.dropSocket();
    this.transition('LOGIN_TIMED_OUT');
    this.settleLogin(new LoginFailed('timeout'));
  }

  private attempt(e: number): void {
    const endpoints = this.options.endpoints;
    const url = endpoints[this.nextEndpoint++ % endpoints.length]!;
    this.socketOpen = false;
    const socket: Socket = this.options.transport.open(url, {
      onOpen: () => this.opened(e, socket),
      onMessage: (data) => this.received(socket, data),
      onClose: (code, reason) => this.closed(e, socket, code, reason),
    });
    this.socket = socket;
  }

  private opened(e: number, socket: Socket): void {
    if (e !== this.epoch || socket !== this.socket) {
      socket.close();
      return;
    }
    this.socketOpen = true;
    this.lastInbound = this.options.clock.now();
    const { requestId, reply } = this.pending.register(this.loginTimeoutMs, false);
    this.write(socket, requestId, {
      case: 'login',
      value: { appId: this.options.appId, userId: this.userId, token: this.token, resumeSessionId: this.sessionId,
        sdkVersion: SDK_VERSION },
    });
    reply.then((frame) => this.loginReplied(e, socket, frame), () => undefined); // a lost socket retries in closed()
  }

  private loginReplied(e: number, socket: Socket, reply: ServerFrame): void {
    if (e !== this.epoch || socket !== this.socket) {
      return;
    }
    const code = reply.status?.code ?? ErrorCode.OK;
    if (code === ErrorCode.OK && reply.body.case === 'loginReply') {
      const lr = reply.body.value;
      const reconnect = this.state === 'RECONNECTING';
      this.sessionId = lr.sessionId;
      this.reconnectAttempt = 0;
      this.clearTimer('loginTimer');
      this.heartbeatIntervalMs = lr.heartbeatIntervalMs > 0 ? Math.min(lr.heartbeatIntervalMs, this.heartbeatMs)
        : this.heartbeatMs;
      this.transition('LOGIN_OK');
      this.startHeartbeat(e);
      if (reconnect) {
        this.options.log.info(`reconnected user=${this.userId} resumed=${lr.resumed}`);
        const deferred = this.deferred;
        this.deferred = [];
        if (!lr.resumed) {
          // a fresh server session: answers to requests sent on the old one will never come
          this.pending.failAll('session_lost', new Set(deferred.map((d) => d.requestId)));
        }
        this.events.reconnected(lr.resumed);
        for (const d of deferred) {
          if (this.pending.has(d.requestId)) { // its caller may have timed out meanwhile
            socket.send(d.bytes(d.requestId));
          }
        }
      } else {
        this.settleLogin(null);
      }
      return;
    }
    this.dropSocket();
    if (this.state === 'CONNECTING') {
      this.epoch++;
      this.clearTimer('loginTimer');
      this.transition('LOGIN_FAILED');
      this.settleLogin(new LoginFailed('server', code));
    } else if (code === ErrorCode.TOKEN_EXPIRED) {
      // RECONNECTING with an expired token: tell the app once and wait for renewToken
      this.waitingForRenewedToken = true;
      this.events.tokenExpired();
    } else {
      this.options.log.info(`re-login refused (${ErrorCode[code]}); retrying`);
      this.retryLater(e);
    }
  }

  private settleLogin(err: LoginFailed | null): void {
    const s = this.loginSettle;
    this.loginSettle = null;
    if (s) {
      if (err) {
        s.reject(err);
      } else {
        s.resolve();
      }
    }
  }

  /** Quick retries while CONNECTING; exponential backoff with jitter while RECONNECTING. */
  private retryLater(e: number): void {
    let delay: number;
    if (this.state === 'CONNECTING') {
      delay = 200 + Math.floor(this.random() * 200);
    } else {
      const capped = Math.min(this.reconnectInitialMs * 2 ** Math.min(this.reconnectAttempt, 16), this.reconnectMaxMs);
      delay = Math.floor(capped / 2 + this.random() * (capped / 2));
      this.reconnectAttempt++;
    }
    this.clearTimer('retryTimer');
    this.retryTimer = this.options.clock.setTimeout(() => this.retry(e), delay);
  }

  private retry(e: number): void {
    this.retryTimer = null;
    if (e === this.epoch && (this.state === 'CONNECTING' || this.state === 'RECONNECTING') && this.socket === null
        && !this.waitingForRenewedToken) {
      this.attempt(e);
    }
  }

  /** The network came back (a browser's `online` event): retry now instead of after the backoff. */
  networkOnline(): void {
    if (this.state === 'RECONNECTING' && this.socket === null && !this.waitingForRenewedToken) {
      this.clearTimer('retryTimer');
      this.reconnectAttempt = 0;
      this.attempt(this.epoch);
    }
  }

  /** The page became visible again (a laptop lid opened): check the connection now. */
  wakeUp(): void {
    if (this.state === 'CONNECTED') {
      this.beat(this.epoch);
    } else {
      this.networkOnline();
    }
  }

  // --------------------------------------------------------------------------- connection

  private received(socket: Socket, data: Uint8Array): void {
    if (socket !== this.socket) {
      return;
    }
    this.lastInbound = this.options.clock.now();
    let frame: ServerFrame;
    try {
      frame = fromBinary(ServerFrameSchema, data);
    } catch (err) {
      // one bad frame is that frame's problem: a reconnect would bring it back (see the Java SDK)
      this.options.log.warn(`skipping a frame that is not a ServerFrame (${data.byteLength} bytes): ${String(err)}`);
      return;
    }
    if (frame.requestId !== 0) {
      this.pending.complete(frame);
      return;
    }
    switch (frame.body.case) {
      case 'pong':
        return;
      case 'sessionAborted':
        this.aborted(socket, frame.body.value.code);
        return;
      case 'tokenWillExpire':
        this.events.tokenWillExpire();
        return;
      case 'tokenExpired':
        return; // the SessionAborted(TOKEN_EXPIRED_ABORT) that follows moves the state
      default:
        this.events.push(frame);
    }
  }

  private closed(e: number, socket: Socket, code: number, reason: string): void {
    if (socket !== this.socket) {
      return;
    }
    this.socket = null;
    this.socketOpen = false;
    this.pending.failConnectionBound();
    if (e !== this.epoch) {
      return;
    }
    this.options.log.debug(`connection closed (${code} ${reason})`);
    if (this.state === 'CONNECTED') {
      this.clearTimer('heartbeatTimer');
      this.transition('CONNECTION_LOST');
      this.reconnectAttempt = 0;
      this.retryLater(e);
    } else if (this.state === 'CONNECTING' || this.state === 'RECONNECTING') {
      this.retryLater(e);
    }
  }

  private aborted(socket: Socket, code: DisconnectCode): void {
    const event: ConnEvent | null = code === DisconnectCode.REMOTE_LOGIN ? 'REMOTE_LOGIN'
      : code === DisconnectCode.BANNED_BY_SERVER ? 'BANNED'
        : code === DisconnectCode.TOKEN_EXPIRED_ABORT ? 'TOKEN_EXPIRED' : null;
    if (code === DisconnectCode.SESSION_EXPIRED) {
      this.sessionId = ''; // the server forgot us: the next login is fresh
    }
    if (event === null || nextState(this.state, event) === null) {
      return; // reconnectable: the close that follows drives RECONNECTING
    }
    this.epoch++;
    this.clearTimer('heartbeatTimer');
    this.clearTimer('retryTimer');
    if (socket === this.socket) {
      this.dropSocket();
    }
    this.sessionId = '';
    this.deferred = [];
    this.pending.failAll('session_closed');
    this.transition(event);
    if (event === 'TOKEN_EXPIRED') {
      this.events.tokenExpired();
    }
    this.events.sessionClosed();
  }

  private startHeartbeat(e: number): void {
    this.clearTimer('heartbeatTimer');
    this.heartbeatTimer = this.options.clock.setTimeout(() => this.beat(e), Math.max(50, this.heartbeatIntervalMs));
  }

  private beat(e: number): void {
    if (e !== this.epoch || this.state !== 'CONNECTED' || this.socket === null) {
      return;
    }
    const socket = this.socket;
    if (this.options.clock.now() - this.lastInbound > this.lostAfterMs) {
      this.options.log.info(`no packet for ${this.lostAfterMs} ms; reconnecting`);
      socket.close(); // closed() → RECONNECTING
      return;
    }
    this.write(socket, 0, { case: 'ping', value: {} });
    this.startHeartbeat(e);
  }

  // ------------------------------------------------------------------- logout and renewal

  /** Logs out (the caller checked the state). Resolves once the session is closed locally. */
  logout(): void {
    const wasConnected = this.state === 'CONNECTED';
    const socket = this.socket;
    this.epoch++;
    this.socket = null;
    this.sessionId = '';
    this.waitingForRenewedToken = false;
    this.clearTimer('heartbeatTimer');
    this.clearTimer('loginTimer');
    this.clearTimer('retryTimer');
    if (this.loginSettle) {
      this.settleLogin(new LoginFailed('aborted'));
    }
    this.deferred = [];
    this.pending.failAll('session_closed');
    this.events.sessionClosed();
    if (wasConnected && socket) {
      // tell the server (it then ends the session at once), then close whatever it answers
      const { requestId, reply } = this.pending.register(2_000, false);
      this.write(socket, requestId, { case: 'logout', value: {} });
      reply.finally(() => socket.close()).catch(() => undefined);
    } else {
      socket?.close();
    }
    this.transition('LOGOUT');
  }

  /** While not connected the next login carries the new token; returns whether it was only stored. */
  storeTokenIfNotConnected(token: string): boolean {
    if (this.state === 'CONNECTED' && this.socket !== null) {
      return false;
    }
    this.token = token;
    if (this.waitingForRenewedToken) {
      this.waitingForRenewedToken = false;
      this.retryLater(this.epoch);
    }
    return true;
  }

  tokenRenewed(token: string): void {
    this.token = token;
  }

  // ------------------------------------------------------------------------------ requests

  /** A request on the current connection: fails if not CONNECTED or if the connection drops. */
  request(body: ClientBody, timeoutMs: number): Promise<ServerFrame> {
    if (this.state !== 'CONNECTED' || this.socket === null || !this.socketOpen) {
      return Promise.reject(new RequestFailed('not_connected'));
    }
    const { requestId, reply } = this.pending.register(timeoutMs, false);
    this.write(this.socket, requestId, body);
    return reply;
  }

  /**
   * A request answered by the server session (peer messages): it survives a resume, is queued
   * while RECONNECTING and sent after the reconnect, and fails with session_lost if the reconnect
   * lands on a fresh session.
   */
  sessionRequest(body: ClientBody, timeoutMs: number): Promise<ServerFrame> {
    if (this.state === 'CONNECTED' && this.socket !== null && this.socketOpen) {
      const { requestId, reply } = this.pending.register(timeoutMs, true);
      this.write(this.socket, requestId, body);
      return reply;
    }
    if (this.state === 'RECONNECTING') {
      if (this.deferred.length >= 10_000) {
        return Promise.reject(new RequestFailed('session_closed'));
      }
      const { requestId, reply } = this.pending.register(timeoutMs, true);
      this.deferred.push({ requestId, bytes: (rid) => encode(rid, body) });
      return reply;
    }
    return Promise.reject(new RequestFailed('not_connected'));
  }

  /** A frame without a reply (acks); dropped when not connected. */
  sendOneWay(body: ClientBody): void {
    if (this.socket !== null && this.socketOpen) {
      this.write(this.socket, 0, body);
    }
  }

  /** Stops everything without telling the server (the client is released). */
  shutdown(): void {
    if (this.state !== 'DISCONNECTED') {
      this.logout();
    }
  }

  // ----------------------------------------------------------------------------- internals

  private write(socket: Socket, requestId: number, body: ClientBody): void {
    socket.send(encode(requestId, body));
  }

  private transition(event: ConnEvent): void {
    const t = nextState(this.state, event);
    if (t === null) {
      return;
    }
    this.state = t.to;
    this.events.stateChanged(t.to, t.reason);
  }

  private dropSocket(): void {
    const s = this.socket;
    this.socket = null;
    this.socketOpen = false;
    s?.close();
  }

  private clearTimer(name: 'heartbeatTimer' | 'loginTimer' | 'retryTimer'): void {
    if (this[name] !== null) {
      this.options.clock.clearTimeout(this[name]);
      this[name] = null;
    }
  }
}

function encode(requestId: number, body: ClientBody): Uint8Array {
  return toBinary(ClientFrameSchema, create(ClientFrameSchema, { requestId, body }));
}

