import { ErrorCode, type ServerFrame } from './gen/parley/v1/frames_pb';
import { ChannelMessageError as C, GetMembersError as G, JoinChannelError as J, LeaveChannelError as L } from './codes';
import type { ConnectionManager } from './connection';
import { EventEmitter } from './emitter';
import { RtmInvalidArgumentError, RtmInvalidStatusError, RtmLimitExceededError, RtmUnknownError } from './errors';
import { call, invalid, limit, notLoggedIn, type FailureCodes } from './failures';
import type { Logger } from './log';
import { fromWire, toWire, type ReceivedMessageProperties, type RtmMessage } from './messages';
import type { SendMessageOptions } from './client';
import type { RateWindow } from './rate';
import { checkMessage } from './rules';
import type { ChannelAttributes } from './attributes';

export interface RtmChannelEvents {
  ChannelMessage: (message: RtmMessage, memberId: string, messagePros: ReceivedMessageProperties) => void;
  MemberJoined: (memberId: string) => void;
  MemberLeft: (memberId: string) => void;
  AttributesUpdated: (attributes: ChannelAttributes) => void;
  MemberCountUpdated: (memberCount: number) => void;
}

const TIMEOUT_MS = 10_000;
const JOIN: FailureCodes = {
  notLoggedIn: J.JOIN_CHANNEL_ERR_USER_NOT_LOGGED_IN, timeout: J.JOIN_CHANNEL_TIMEOUT, failure: J.JOIN_CHANNEL_ERR_FAILURE,
  server: {
    [ErrorCode.ALREADY_JOINED]: [RtmInvalidStatusError, J.JOIN_CHANNEL_ERR_ALREADY_JOINED],
    [ErrorCode.EXCEED_LIMIT]: [RtmLimitExceededError, J.JOIN_CHANNEL_ERR_EXCEED_LIMIT],
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, J.JOIN_CHANNEL_ERR_TOO_OFTEN],
    [ErrorCode.SAME_CHANNEL_TOO_OFTEN]: [RtmLimitExceededError, J.JOIN_CHANNEL_ERR_JOIN_SAME_CHANNEL_TOO_OFTEN],
    [ErrorCode.REJECTED]: [RtmUnknownError, J.JOIN_CHANNEL_ERR_REJECTED],
    [ErrorCode.INVALID_ARGUMENT]: [RtmInvalidArgumentError, J.JOIN_CHANNEL_ERR_INVALID_ARGUMENT],
  },
};
const LEAVE: FailureCodes = {
  notLoggedIn: L.LEAVE_CHANNEL_ERR_USER_NOT_LOGGED_IN, failure: L.LEAVE_CHANNEL_ERR_FAILURE,
  server: { [ErrorCode.NOT_IN_CHANNEL]: [RtmInvalidStatusError, L.LEAVE_CHANNEL_ERR_NOT_IN_CHANNEL] },
};
const SEND: FailureCodes = {
  notLoggedIn: C.CHANNEL_MESSAGE_ERR_USER_NOT_LOGGED_IN, timeout: C.CHANNEL_MESSAGE_ERR_TIMEOUT,
  failure: C.CHANNEL_MESSAGE_ERR_FAILURE,
  server: {
    [ErrorCode.NOT_IN_CHANNEL]: [RtmInvalidStatusError, C.CHANNEL_MESSAGE_ERR_NOT_IN_CHANNEL],
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, C.CHANNEL_MESSAGE_ERR_TOO_OFTEN],
    [ErrorCode.INVALID_MESSAGE]: [RtmLimitExceededError, C.CHANNEL_MESSAGE_ERR_INVALID_MESSAGE],
  },
};
const MEMBERS: FailureCodes = {
  notLoggedIn: G.GET_MEMBERS_ERR_USER_NOT_LOGGED_IN, timeout: G.GET_MEMBERS_ERR_TIMEOUT, failure: G.GET_MEMBERS_ERR_FAILURE,
  server: {
    [ErrorCode.NOT_IN_CHANNEL]: [RtmInvalidStatusError, G.GET_MEMBERS_ERR_NOT_IN_CHANNEL],
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, G.GET_MEMBERS_ERR_TOO_OFTEN],
  },
};

/**
 * A channel with the API of RTM Web SDK 1.x's `RtmChannel`. Several instances may share an id;
 * one of them can be joined at a time. Member events never report the local user and are not
 * repeated for a member already known in that state.
 */
export class RtmChannel extends EventEmitter<RtmChannelEvents> {
  private joinState: 'LEFT' | 'JOINING' | 'JOINED' = 'LEFT';
  private readonly members = new Set<string>();

  /** @internal created by RtmClient.createChannel */
  constructor(readonly channelId: string, private readonly connection: ConnectionManager,
              private readonly log: Logger, private readonly messageRate: RateWindow,
              private readonly joinedElsewhere: (c: RtmChannel) => boolean) {
    super();
    this.onListenerError = (event, err) => log.error(`a ${event} listener of channel ${channelId} threw`, err);
  }

  /** @internal */
  isJoined(): boolean {
    return this.joinState === 'JOINED';
  }

  async join(): Promise<void> {
    if (this.connection.connectionState !== 'CONNECTED') {
      throw notLoggedIn(J.JOIN_CHANNEL_ERR_USER_NOT_LOGGED_IN, 'join');
    }
    if (this.joinState !== 'LEFT') {
      throw new RtmInvalidStatusError(J.JOIN_CHANNEL_ERR_ALREADY_JOINED, 'this channel instance is joined or joining');
    }
    if (this.joinedElsewhere(this)) {
      throw new RtmInvalidStatusError(J.JOIN_CHANNEL_ERR_ALREADY_JOINED_CHANNEL_OF_SAME_ID,
        'another instance of this channel id is joined');
    }
    this.joinState = 'JOINING';
    try {
      await call('join', JOIN, () => this.connection.request({ case: 'joinChannel', value: { channelId: this.channelId } },
        TIMEOUT_MS));
      this.joinState = 'JOINED';
    } catch (err) {
      this.joinState = 'LEFT';
      throw err;
    }
  }

  async leave(): Promise<void> {
    if (this.connection.connectionState !== 'CONNECTED') {
      throw notLoggedIn(L.LEAVE_CHANNEL_ERR_USER_NOT_LOGGED_IN, 'leave');
    }
    if (this.joinState !== 'JOINED') {
      throw new RtmInvalidStatusError(L.LEAVE_CHANNEL_ERR_NOT_IN_CHANNEL, 'not in this channel');
    }
    this.joinState = 'LEFT';
    this.members.clear();
    await call('leave', LEAVE, () => this.connection.request({ case: 'leaveChannel', value: { channelId: this.channelId } },
      TIMEOUT_MS));
  }

  /**
   * Sends to the channel's members. `options` is a Parley addition (agora-rtm-sdk 1.5 takes none):
   * `enableHistoricalMessaging` keeps a text message for the server's history API.
   */
  async sendMessage(message: RtmMessage, options?: SendMessageOptions): Promise<void> {
    if (this.connection.connectionState !== 'CONNECTED') {
      throw notLoggedIn(C.CHANNEL_MESSAGE_ERR_USER_NOT_LOGGED_IN, 'sendMessage');
    }
    const checked = checkMessage(message);
    if (!checked.ok) {
      // RTM 1.5.1 quirk kept: an invalid message object gets the peer enum's code 7
      throw checked.reason === 'too_large' ? limit(C.CHANNEL_MESSAGE_ERR_INVALID_MESSAGE, 'message over 32 KB')
        : invalid(7, 'invalid message');
    }
    if (this.joinState !== 'JOINED') {
      throw new RtmInvalidStatusError(C.CHANNEL_MESSAGE_ERR_NOT_IN_CHANNEL, 'join the channel first');
    }
    if (!this.messageRate.tryAcquire()) {
      throw limit(C.CHANNEL_MESSAGE_ERR_TOO_OFTEN, 'more than 180 messages in 3 s');
    }
    await call('sendMessage', SEND, () => this.connection.request({
      case: 'sendChannelMessage', value: { channelId: this.channelId, body: toWire(checked),
        enableHistoricalMessaging: options?.enableHistoricalMessaging ?? false },
    }, TIMEOUT_MS));
  }

  async getMembers(): Promise<string[]> {
    if (this.connection.connectionState !== 'CONNECTED') {
      throw notLoggedIn(G.GET_MEMBERS_ERR_USER_NOT_LOGGED_IN, 'getMembers');
    }
    if (this.joinState !== 'JOINED') {
      throw new RtmInvalidStatusError(G.GET_MEMBERS_ERR_NOT_IN_CHANNEL, 'not in this channel');
    }
    const reply = await call('getMembers', MEMBERS, () => this.connection.request(
      { case: 'getChannelMembers', value: { channelId: this.channelId } }, TIMEOUT_MS));
    return reply.body.case === 'channelMembers' ? [...reply.body.value.userIds] : [];
  }

  /** @internal a push for this channel (only delivered while joined) */
  push(frame: ServerFrame): void {
    const self = this.connection.currentUserId;
    switch (frame.body.case) {
      case 'channelMessage': {
        const m = frame.body.value;
        const message = fromWire(m.body);
        if (message === null) {
          this.log.warn(`skipping a message in channel ${this.channelId} from ${m.fromUserId}: it breaks the RTM rules`);
          return;
        }
        this.emit('ChannelMessage', message, m.fromUserId, { serverReceivedTs: Number(m.serverReceivedTs) });
        return;
      }
      case 'memberJoined': {
        const who = frame.body.value.userId;
        if (who !== self && !this.members.has(who)) {
          this.members.add(who);
          this.emit('MemberJoined', who);
        }
        return;
      }
      case 'memberLeft': {
        const who = frame.body.value.userId;
        if (who !== self) {
          this.members.delete(who);
          this.emit('MemberLeft', who);
        }
        return;
      }
      case 'memberCount':
        this.emit('MemberCountUpdated', frame.body.value.count);
        return;
      case 'channelAttributesUpdated': {
        const out: ChannelAttributes = {};
        for (const a of frame.body.value.attributes) {
          out[a.key] = { value: a.value, lastUpdateUserId: a.lastUpdateUserId, lastUpdateTs: Number(a.lastUpdateTs) };
        }
        this.emit('AttributesUpdated', out);
        return;
      }
      case 'channelLeft':
        // removed by an operator: RTM 1.5.1 only logs it; the channel is no longer joined
        this.log.info(`removed from channel ${this.channelId} by the server`);
        this.joinState = 'LEFT';
        this.members.clear();
        return;
      default:
        return;
    }
  }

  /** @internal a reconnect landed on a fresh session: join again (members hear a new MemberJoined). */
  rejoin(): void {
    this.connection.request({ case: 'joinChannel', value: { channelId: this.channelId } }, TIMEOUT_MS)
      .then((reply) => {
        const code = reply.status?.code ?? ErrorCode.OK;
        if (code !== ErrorCode.OK && code !== ErrorCode.ALREADY_JOINED) {
          this.log.warn(`rejoining ${this.channelId} after a reconnect failed: ${ErrorCode[code]}`);
          this.joinState = 'LEFT';
        }
      }, (err: unknown) => this.log.warn(`rejoining ${this.channelId} after a reconnect failed: ${String(err)}`));
  }

  /** @internal logout or abort */
  sessionClosed(): void {
    this.joinState = 'LEFT';
    this.members.clear();
  }
}
