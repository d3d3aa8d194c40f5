// Type declarations of parley-rtm-sdk: the API of Agora's RTM Web SDK 1.x (agora-rtm-sdk 1.5.1),
// written for Parley from that API's names and signatures, so an app written against 1.5.1
// type-checks unchanged. Parley additions are marked "Parley:".

declare namespace RtmStatusCode {
  enum ConnectionChangeReason {
    LOGIN = 'LOGIN', LOGIN_SUCCESS = 'LOGIN_SUCCESS', LOGIN_FAILURE = 'LOGIN_FAILURE', LOGIN_TIMEOUT = 'LOGIN_TIMEOUT',
    INTERRUPTED = 'INTERRUPTED', LOGOUT = 'LOGOUT', BANNED_BY_SERVER = 'BANNED_BY_SERVER', REMOTE_LOGIN = 'REMOTE_LOGIN',
    TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  }
  enum ConnectionState {
    DISCONNECTED = 'DISCONNECTED', CONNECTING = 'CONNECTING', CONNECTED = 'CONNECTED', RECONNECTING = 'RECONNECTING',
    ABORTED = 'ABORTED',
  }
  enum LocalInvitationFailureReason {
    UNKNOWN = 'UNKNOWN', PEER_NO_RESPONSE = 'PEER_NO_RESPONSE', INVITATION_EXPIRE = 'INVITATION_EXPIRE',
    PEER_OFFLINE = 'PEER_OFFLINE', NOT_LOGGEDIN = 'NOT_LOGGEDIN',
  }
  enum LocalInvitationState {
    IDLE = 'IDLE', SENT_TO_REMOTE = 'SENT_TO_REMOTE', RECEIVED_BY_REMOTE = 'RECEIVED_BY_REMOTE',
    ACCEPTED_BY_REMOTE = 'ACCEPTED_BY_REMOTE', REFUSED_BY_REMOTE = 'REFUSED_BY_REMOTE', CANCELED = 'CANCELED',
    FAILURE = 'FAILURE',
  }
  enum RemoteInvitationState {
    INVITATION_RECEIVED = 'INVITATION_RECEIVED', ACCEPT_SENT_TO_LOCAL = 'ACCEPT_SENT_TO_LOCAL', REFUSED = 'REFUSED',
    ACCEPTED = 'ACCEPTED', CANCELED = 'CANCELED', FAILURE = 'FAILURE',
  }
  enum RemoteInvitationFailureReason {
    UNKNOWN = 'UNKNOWN', PEER_OFFLINE = 'PEER_OFFLINE', ACCEPT_FAILURE = 'ACCEPT_FAILURE',
    INVITATION_EXPIRE = 'INVITATION_EXPIRE',
  }
  enum PeerOnlineState { ONLINE = 'ONLINE', UNREACHABLE = 'UNREACHABLE', OFFLINE = 'OFFLINE' }
  enum PeerSubscriptionOption { ONLINE_STATUS = 'ONLINE_STATUS' }
  enum MessageType { TEXT = 'TEXT', RAW = 'RAW' }
  enum LegacyAreaCode {
    CN = 'CN', NA = 'NA', EU = 'EU', AS = 'AS', JP = 'JP', IN = 'IN', GLOB = 'GLOB', OC = 'OC', SA = 'SA', AF = 'AF',
    OVS = 'OVS',
  }
  enum AreaCode {
    GLOBAL = 'GLOBAL', INDIA = 'INDIA', JAPAN = 'JAPAN', ASIA = 'ASIA', EUROPE = 'EUROPE', CHINA = 'CHINA',
    NORTH_AMERICA = 'NORTH_AMERICA',
  }
}

/** @hidden */
declare class EventEmitter<T> {
  static defaultMaxListeners: number;
  on<EventName extends keyof T>(eventName: EventName, listener: T[EventName]): this;
  once<EventName extends keyof T>(eventName: EventName, listener: T[EventName]): this;
  off<EventName extends keyof T>(eventName: EventName, listener: T[EventName]): this;
  removeAllListeners<EventName extends keyof T>(eventName?: EventName): this;
  listeners<EventName extends keyof T>(eventName: EventName): Function[];
  rawListeners<EventName extends keyof T>(eventName: EventName): Function[];
  listenerCount<EventName extends keyof T>(eventName: EventName): number;
}

interface RtmTextMessage {
  text: string;
  messageType?: 'TEXT';
  rawMessage?: never;
  description?: never;
}

interface RtmRawMessage {
  rawMessage: Uint8Array;
  description?: string;
  messageType?: 'RAW';
  text?: never;
}

type RtmMessage = RtmTextMessage | RtmRawMessage;

interface PeerMessageSendResult {
  hasPeerReceived: boolean;
}

interface ReceivedMessageProperties {
  serverReceivedTs: number;
}

interface AttributesMap {
  [key: string]: string;
}

interface ChannelAttributeProperties {
  value: string;
  lastUpdateUserId: string;
  lastUpdateTs: number;
}

interface ChannelAttributes {
  [key: string]: ChannelAttributeProperties;
}

interface ChannelAttributeOptions {
  enableNotificationToChannelMembers?: boolean;
}

interface PeersOnlineStatusResult {
  [peerId: string]: boolean;
}

interface ChannelMemberCountResult {
  [channelId: string]: number;
}

/** Parley: the optional third argument of sendMessageToPeer (offline messaging, as in RTM's other SDKs). */
interface SendMessageOptions {
  enableOfflineMessaging?: boolean;
  enableHistoricalMessaging?: boolean;
}

declare namespace RtmEvents {
  interface RtmClientEvents {
    MessageFromPeer: (message: RtmMessage, peerId: string, messageProps: ReceivedMessageProperties) => void;
    ConnectionStateChanged: (newState: RtmStatusCode.ConnectionState, reason: RtmStatusCode.ConnectionChangeReason) => void;
    RemoteInvitationReceived: (remoteInvitation: RemoteInvitation) => void;
    TokenExpired: () => void;
    TokenPrivilegeWillExpire: () => void;
    PeersOnlineStatusChanged: (status: { [peerId: string]: RtmStatusCode.PeerOnlineState }) => void;
    FallbackProxyConnected: () => void;
  }
  interface RtmChannelEvents {
    ChannelMessage: (message: RtmMessage, memberId: string, messagePros: ReceivedMessageProperties) => void;
    MemberLeft: (memberId: string) => void;
    MemberJoined: (memberId: string) => void;
    AttributesUpdated: (attributes: ChannelAttributes) => void;
    MemberCountUpdated: (memberCount: number) => void;
  }
  interface LocalInvitationEvents {
    LocalInvitationReceivedByPeer: () => void;
    LocalInvitationAccepted: (response: string) => void;
    LocalInvitationRefused: (response: string) => void;
    LocalInvitationCanceled: () => void;
    LocalInvitationFailure: (reason: RtmStatusCode.LocalInvitationFailureReason) => void;
  }
  interface RemoteInvitationEvents {
    RemoteInvitationCanceled: (content: string) => void;
    RemoteInvitationRefused: () => void;
    RemoteInvitationAccepted: () => void;
    RemoteInvitationFailure: (reason: RtmStatusCode.RemoteInvitationFailureReason) => void;
  }
}

declare class LocalInvitation extends EventEmitter<RtmEvents.LocalInvitationEvents> {
  readonly response: string;
  readonly state: RtmStatusCode.LocalInvitationState;
  content: string;
  readonly calleeId: string;
  channelId: string;
  send(): void;
  cancel(): void;
  on<EventName extends keyof RtmEvents.LocalInvitationEvents>(eventName: EventName, listener: RtmEvents.LocalInvitationEvents[EventName]): this;
}

declare class RemoteInvitation extends EventEmitter<RtmEvents.RemoteInvitationEvents> {
  readonly channelId: string;
  readonly callerId: string;
  readonly content: string;
  readonly state: RtmStatusCode.RemoteInvitationState;
  response: string;
  accept(): void;
  refuse(): void;
  on<EventName extends keyof RtmEvents.RemoteInvitationEvents>(eventName: EventName, listener: RtmEvents.RemoteInvitationEvents[EventName]): this;
}

declare class RtmChannel extends EventEmitter<RtmEvents.RtmChannelEvents> {
  readonly channelId: string;
  sendMessage(message: RtmMessage): Promise<void>;
  join(): Promise<void>;
  leave(): Promise<void>;
  getMembers(): Promise<string[]>;
  on<EventName extends keyof RtmEvents.RtmChannelEvents>(eventName: EventName, listener: RtmEvents.RtmChannelEvents[EventName]): this;
}

declare class RtmClient extends EventEmitter<RtmEvents.RtmClientEvents> {
  login(options: { uid: string; token?: string }): Promise<void>;
  logout(): Promise<void>;
  sendMessageToPeer(message: RtmMessage, peerId: string, options?: SendMessageOptions): Promise<PeerMessageSendResult>;
  createChannel(channelId: string): RtmChannel;
  createLocalInvitation(calleeId: string): LocalInvitation;
  setLocalUserAttributes(attributes: AttributesMap): Promise<void>;
  addOrUpdateLocalUserAttributes(attributes: AttributesMap): Promise<void>;
  deleteLocalUserAttributesByKeys(attributeKeys: string[]): Promise<void>;
  clearLocalUserAttributes(): Promise<void>;
  getUserAttributes(userId: string): Promise<AttributesMap>;
  getUserAttributesByKeys(userId: string, attributeKeys: string[]): Promise<AttributesMap>;
  queryPeersOnlineStatus(peerIds: string[]): Promise<PeersOnlineStatusResult>;
  renewToken(token: string): Promise<void>;
  updateConfig(config: RtmConfig): void;
  /** @deprecated since RTM 1.4.2: use updateConfig. */
  setParameters(config: RtmConfig): void;
  getChannelMemberCount(channelIds: string[]): Promise<ChannelMemberCountResult>;
  getChannelAttributes(channelId: string): Promise<ChannelAttributes>;
  getChannelAttributesByKeys(channelId: string, keys: string[]): Promise<ChannelAttributes>;
  clearChannelAttributes(channelId: string, options?: ChannelAttributeOptions): Promise<void>;
  deleteChannelAttributesByKeys(channelId: string, attributeKeys: string[], options?: ChannelAttributeOptions): Promise<void>;
  addOrUpdateChannelAttributes(channelId: string, attributes: AttributesMap, options?: ChannelAttributeOptions): Promise<void>;
  setChannelAttributes(channelId: string, attributes: AttributesMap, options?: ChannelAttributeOptions): Promise<void>;
  subscribePeersOnlineStatus(peerIds: string[]): Promise<void>;
  unsubscribePeersOnlineStatus(peerIds: string[]): Promise<void>;
  queryPeersBySubscriptionOption(option: RtmStatusCode.PeerSubscriptionOption): Promise<string[]>;
  createMessage<T extends RtmMessage>(message: Partial<T>): T;
  on<EventName extends keyof RtmEvents.RtmClientEvents>(eventName: EventName, listener: RtmEvents.RtmClientEvents[EventName]): this;
  /** The connection state (present at run time in 1.5.1 too). */
  readonly connectionState: RtmStatusCode.ConnectionState;
}

/** @hidden */
type LogFilterType = { error: boolean; warn: boolean; info: boolean; track: boolean; debug: boolean };

interface RtmConfig {
  enableLogUpload?: boolean;
  logFilter?: LogFilterType;
  enableCloudProxy?: boolean;
  /** Parley: the server's WebSocket URLs, tried in order on reconnect (default: PARLEY_SERVER, else ws://localhost:9601/rtm). */
  endpoints?: string[];
}

declare namespace AgoraRTM {
  const LOG_FILTER_OFF: LogFilterType;
  const LOG_FILTER_ERROR: LogFilterType;
  const LOG_FILTER_INFO: LogFilterType;
  const LOG_FILTER_WARNING: LogFilterType;
  const VERSION: string;
  const BUILD: string;
  const END_CALL_PREFIX: string;
  function createInstance(appId: string, config?: RtmConfig): RtmClient;
  /** @deprecated */
  function createInstance(appId: string, config?: RtmConfig, areaCodes?: RtmStatusCode.AreaCode[]): RtmClient;
  function setArea(areaConfig: { areaCodes: RtmStatusCode.AreaCode[]; excludedArea?: RtmStatusCode.AreaCode }): void;
  const ConnectionChangeReason: typeof RtmStatusCode.ConnectionChangeReason;
  const ConnectionState: typeof RtmStatusCode.ConnectionState;
  const LocalInvitationFailureReason: typeof RtmStatusCode.LocalInvitationFailureReason;
  const LocalInvitationState: typeof RtmStatusCode.LocalInvitationState;
  const RemoteInvitationState: typeof RtmStatusCode.RemoteInvitationState;
  const RemoteInvitationFailureReason: typeof RtmStatusCode.RemoteInvitationFailureReason;
  const MessageType: typeof RtmStatusCode.MessageType;
  const PeerOnlineState: typeof RtmStatusCode.PeerOnlineState;
  const PeerSubscriptionOption: typeof RtmStatusCode.PeerSubscriptionOption;
  /** Declared as in 1.5.1; like 1.5.1, absent at run time: use the string values. */
  const AreaCode: typeof RtmStatusCode.AreaCode;
  type RtmMessage = RtmTextMessage | RtmRawMessage;
}

export default AgoraRTM;
export type {
  LocalInvitation, RemoteInvitation, RtmChannel, RtmClient, RtmEvents, RtmMessage, RtmRawMessage, RtmStatusCode,
  RtmTextMessage,
};
