import { ErrorCode, PeerOnlineState as WireState } from './gen/parley/v1/frames_pb';
import {
  PeerSubscriptionStatusError as PS, QueryPeersBySubscriptionOptionError as QB, QueryPeersOnlineStatusError as Q,
} from './codes';
import type { ConnectionManager } from './connection';
import type { PeerOnlineState, PeerSubscriptionOption } from './enums';
import { RtmInvalidArgumentError, RtmLimitExceededError } from './errors';
import { call, invalid, limit, notLoggedIn, type FailureCodes } from './failures';
import type { Logger } from './log';
import { isValidId } from './rules';

const REQUEST_TIMEOUT_MS = 10_000;
const WIRE_STATE: Record<number, PeerOnlineState> = {
  [WireState.PEER_STATE_ONLINE]: 'ONLINE',
  [WireState.PEER_STATE_UNREACHABLE]: 'UNREACHABLE',
  [WireState.PEER_STATE_OFFLINE]: 'OFFLINE',
};
const QUERY: FailureCodes = {
  notLoggedIn: Q.QUERY_PEERS_ONLINE_STATUS_ERR_USER_NOT_LOGGED_IN, timeout: Q.QUERY_PEERS_ONLINE_STATUS_ERR_TIMEOUT,
  failure: Q.QUERY_PEERS_ONLINE_STATUS_ERR_REJECTED,
  server: {
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, Q.QUERY_PEERS_ONLINE_STATUS_ERR_TOO_OFTEN],
    [ErrorCode.INVALID_ARGUMENT]: [RtmInvalidArgumentError, Q.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT],
    [ErrorCode.INVALID_USER_ID]: [RtmInvalidArgumentError, Q.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT],
  },
};
const SUBSCRIBE: FailureCodes = {
  notLoggedIn: PS.PEER_SUBSCRIPTION_STATUS_ERR_USER_NOT_LOGGED_IN, timeout: PS.PEER_SUBSCRIPTION_STATUS_ERR_TIMEOUT,
  failure: PS.PEER_SUBSCRIPTION_STATUS_ERR_FAILURE,
  server: {
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, PS.PEER_SUBSCRIPTION_STATUS_ERR_TOO_OFTEN],
    [ErrorCode.OVERFLOW]: [RtmLimitExceededError, PS.PEER_SUBSCRIPTION_STATUS_ERR_OVERFLOW],
    [ErrorCode.INVALID_ARGUMENT]: [RtmInvalidArgumentError, PS.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT],
    [ErrorCode.INVALID_USER_ID]: [RtmInvalidArgumentError, PS.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT],
  },
};
const BY_OPTION: FailureCodes = {
  notLoggedIn: QB.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_USER_NOT_LOGGED_IN,
  timeout: QB.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_TIMEOUT, failure: QB.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_FAILURE,
  server: { [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, QB.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_TOO_OFTEN] },
};

/**
 * Online status queries and subscriptions for one client (the RtmClient methods of that name
 * delegate here). Subscriptions are remembered: a reconnect onto a fresh server session subscribes
 * again and reports the changes missed meanwhile.
 */
export class Presence {
  private readonly subscribed = new Set<string>();

  constructor(private readonly connection: ConnectionManager, private readonly log: Logger,
              private readonly changed: (status: Record<string, PeerOnlineState>) => void) {
  }


  async queryPeersOnlineStatus(peerIds: string[]): Promise<Record<string, boolean>> {
    this.requireLoggedIn(Q.QUERY_PEERS_ONLINE_STATUS_ERR_USER_NOT_LOGGED_IN, 'queryPeersOnlineStatus');
    if (!Array.isArray(peerIds) || peerIds.length === 0 || peerIds.length > 256 || !peerIds.every(isValidId)) {
      throw invalid(Q.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT, '1 to 256 valid peer ids');
    }
    const reply = await call('queryPeersOnlineStatus', QUERY, () => this.connection.request(
      { case: 'queryPeersOnlineStatus', value: { peerIds } }, REQUEST_TIMEOUT_MS));
    const out: Record<string, boolean> = {};
    if (reply.body.case === 'peersOnlineStatus') {
      for (const s of reply.body.value.statuses) {
        out[s.peerId] = s.state === WireState.PEER_STATE_ONLINE;
      }
    }
    return out;
  }

  async subscribePeersOnlineStatus(peerIds: string[]): Promise<void> {
    this.requireLoggedIn(PS.PEER_SUBSCRIPTION_STATUS_ERR_USER_NOT_LOGGED_IN, 'subscribePeersOnlineStatus');
    if (!Array.isArray(peerIds) || peerIds.length === 0 || !peerIds.every(isValidId)) {
      throw invalid(PS.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT, 'valid peer ids');
    }
    if (new Set([...this.subscribed, ...peerIds]).size > 512) {
      throw limit(PS.PEER_SUBSCRIPTION_STATUS_ERR_OVERFLOW, 'more than 512 subscribed peers');
    }
    const reply = await call('subscribePeersOnlineStatus', SUBSCRIBE, () => this.connection.request(
      { case: 'subscribePeersOnlineStatus', value: { peerIds } }, REQUEST_TIMEOUT_MS));
    peerIds.forEach((p) => this.subscribed.add(p));
    if (reply.body.case === 'peersOnlineStatus') {
      this.emitStatuses(reply.body.value.statuses); // the initial snapshot, after the promise's state is in place
    }
  }

  async unsubscribePeersOnlineStatus(peerIds: string[]): Promise<void> {
    this.requireLoggedIn(PS.PEER_SUBSCRIPTION_STATUS_ERR_USER_NOT_LOGGED_IN, 'unsubscribePeersOnlineStatus');
    if (!Array.isArray(peerIds) || peerIds.length === 0 || peerIds.length > 512 || !peerIds.every(isValidId)) {
      throw invalid(PS.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT, 'valid peer ids');
    }
    await call('unsubscribePeersOnlineStatus', SUBSCRIBE, () => this.connection.request(
      { case: 'unsubscribePeersOnlineStatus', value: { peerIds } }, REQUEST_TIMEOUT_MS));
    peerIds.forEach((p) => this.subscribed.delete(p));
  }

  async queryPeersBySubscriptionOption(option: PeerSubscriptionOption): Promise<string[]> {
    this.requireLoggedIn(QB.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_USER_NOT_LOGGED_IN, 'queryPeersBySubscriptionOption');
    if (option !== 'ONLINE_STATUS') {
      throw invalid(2, 'option must be ONLINE_STATUS');
    }
    const reply = await call('queryPeersBySubscriptionOption', BY_OPTION, () => this.connection.request(
      { case: 'queryPeersBySubscriptionOption', value: { option: 0 } }, REQUEST_TIMEOUT_MS));
    return reply.body.case === 'peerIdList' ? [...reply.body.value.peerIds] : [];
  }

  emitStatuses(statuses: readonly { peerId: string; state: WireState }[]): void {
    if (statuses.length === 0) {
      return;
    }
    const map: Record<string, PeerOnlineState> = {};
    for (const s of statuses) {
      map[s.peerId] = WIRE_STATE[s.state] ?? 'OFFLINE';
    }
    this.changed(map);
  }

  /** A reconnect landed on a fresh session: subscribe again, and report what changed meanwhile. */
  resubscribe(): void {
    if (this.subscribed.size === 0) {
      return;
    }
    const peerIds = [...this.subscribed];
    this.connection.request({ case: 'subscribePeersOnlineStatus', value: { peerIds } }, REQUEST_TIMEOUT_MS)
      .then((reply) => {
        if (reply.body.case === 'peersOnlineStatus') {
          this.emitStatuses(reply.body.value.statuses);
        }
      }, (err: unknown) => this.log.warn(`re-subscribing after a reconnect failed: ${String(err)}`));
  }

  sessionClosed(): void {
    this.subscribed.clear();
  }

  private requireLoggedIn(code: number, op: string): void {
    if (this.connection.connectionState !== 'CONNECTED') {
      throw notLoggedIn(code, op);
    }
  }
}
