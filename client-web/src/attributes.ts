import { ErrorCode, type ServerFrame } from './gen/parley/v1/frames_pb';
import { AttributeOperationError as A } from './codes';
import type { ConnectionManager } from './connection';
import { RtmInvalidArgumentError, RtmInvalidStatusError, RtmLimitExceededError, RtmUnavailableError } from './errors';
import { call, invalid, limit, notLoggedIn, type FailureCodes } from './failures';
import type { Logger } from './log';
import {
  MAX_CHANNEL_ATTRIBUTES_BYTES, MAX_USER_ATTRIBUTES_BYTES, checkAttributes, isValidId, isValidKeyList,
} from './rules';

export type AttributesMap = Record<string, string>;

export interface ChannelAttributeProperties {
  value: string;
  lastUpdateUserId: string;
  lastUpdateTs: number;
}

export type ChannelAttributes = Record<string, ChannelAttributeProperties>;

export interface ChannelAttributeOptions {
  enableNotificationToChannelMembers?: boolean;
}

const REQUEST_TIMEOUT_MS = 10_000;
const ATTR: FailureCodes = {
  notLoggedIn: A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, timeout: A.ATTRIBUTE_OPERATION_ERR_TIMEOUT,
  failure: A.ATTRIBUTE_OPERATION_ERR_FAILURE,
  server: {
    [ErrorCode.INVALID_ARGUMENT]: [RtmInvalidArgumentError, A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT],
    [ErrorCode.INVALID_USER_ID]: [RtmInvalidArgumentError, A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT],
    [ErrorCode.SIZE_OVERFLOW]: [RtmLimitExceededError, A.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW],
    [ErrorCode.TOO_OFTEN]: [RtmLimitExceededError, A.ATTRIBUTE_OPERATION_ERR_TOO_OFTEN],
    [ErrorCode.USER_NOT_FOUND]: [RtmUnavailableError, A.ATTRIBUTE_OPERATION_ERR_USER_NOT_FOUND],
  },
};

/**
 * User and channel attributes for one client (the RtmClient methods of that name delegate here):
 * checks before sending with RTM's limits and codes, then one request each. The local user's
 * attributes are remembered, so a reconnect onto a fresh server session puts them back.
 */
export class Attributes {
  private userAttributes: AttributesMap | null = null;

  constructor(private readonly connection: ConnectionManager, private readonly log: Logger) {
  }


  async setLocalUserAttributes(attributes: AttributesMap): Promise<void> {
    await this.writeUserAttributes('setLocalUserAttributes', attributes, true);
    this.userAttributes = { ...attributes };
  }

  async addOrUpdateLocalUserAttributes(attributes: AttributesMap): Promise<void> {
    await this.writeUserAttributes('addOrUpdateLocalUserAttributes', attributes, false);
    this.userAttributes = { ...(this.userAttributes ?? {}), ...attributes };
  }

  async deleteLocalUserAttributesByKeys(attributeKeys: string[]): Promise<void> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'deleteLocalUserAttributesByKeys');
    if (!isValidKeyList(attributeKeys, Number.MAX_SAFE_INTEGER)) {
      throw new RtmInvalidStatusError(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'a non-empty list of valid keys');
    }
    await call('deleteLocalUserAttributesByKeys', ATTR, () => this.connection.request(
      { case: 'deleteLocalUserAttributesByKeys', value: { keys: attributeKeys } }, REQUEST_TIMEOUT_MS));
    if (this.userAttributes) {
      attributeKeys.forEach((k) => delete this.userAttributes![k]);
    }
  }

  async clearLocalUserAttributes(): Promise<void> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'clearLocalUserAttributes');
    await call('clearLocalUserAttributes', ATTR, () => this.connection.request(
      { case: 'clearLocalUserAttributes', value: {} }, REQUEST_TIMEOUT_MS));
    this.userAttributes = null;
  }

  async getUserAttributes(userId: string): Promise<AttributesMap> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'getUserAttributes');
    if (!isValidId(userId)) {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'invalid user id');
    }
    return this.readUserAttributes(await call('getUserAttributes', ATTR, () => this.connection.request(
      { case: 'getUserAttributes', value: { userId } }, REQUEST_TIMEOUT_MS)));
  }

  async getUserAttributesByKeys(userId: string, attributeKeys: string[]): Promise<AttributesMap> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'getUserAttributesByKeys');
    if (!isValidId(userId) || !isValidKeyList(attributeKeys)) {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'invalid user id or keys');
    }
    return this.readUserAttributes(await call('getUserAttributesByKeys', ATTR, () => this.connection.request(
      { case: 'getUserAttributesByKeys', value: { userId, keys: attributeKeys } }, REQUEST_TIMEOUT_MS)));
  }

  private async writeUserAttributes(op: string, attributes: AttributesMap, replace: boolean): Promise<void> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, op);
    const bad = checkAttributes(attributes, MAX_USER_ATTRIBUTES_BYTES);
    if (bad === 'invalid') {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'a non-empty map of valid keys and values');
    }
    if (bad === 'too_large') {
      throw limit(A.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW, 'over 32 attributes, 8 KB a value or 16 KB in all');
    }
    const list = Object.entries(attributes).map(([key, value]) => ({ key, value }));
    await call(op, ATTR, () => this.connection.request(replace
      ? { case: 'setLocalUserAttributes', value: { attributes: list } }
      : { case: 'addOrUpdateLocalUserAttributes', value: { attributes: list } }, REQUEST_TIMEOUT_MS));
  }

  private readUserAttributes(reply: ServerFrame): AttributesMap {
    const out: AttributesMap = {};
    if (reply.body.case === 'userAttributes') {
      for (const a of reply.body.value.attributes.slice(0, 512)) {
        out[a.key] = a.value;
      }
    }
    return out;
  }

  async getChannelAttributes(channelId: string): Promise<ChannelAttributes> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'getChannelAttributes');
    if (!isValidId(channelId)) {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'invalid channel id');
    }
    return readChannelAttributes(await call('getChannelAttributes', ATTR, () => this.connection.request(
      { case: 'getChannelAttributes', value: { channelId } }, REQUEST_TIMEOUT_MS)));
  }

  async getChannelAttributesByKeys(channelId: string, keys: string[]): Promise<ChannelAttributes> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'getChannelAttributesByKeys');
    if (!isValidId(channelId) || !isValidKeyList(keys)) {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'invalid channel id or keys');
    }
    return readChannelAttributes(await call('getChannelAttributesByKeys', ATTR, () => this.connection.request(
      { case: 'getChannelAttributesByKeys', value: { channelId, keys } }, REQUEST_TIMEOUT_MS)));
  }

  async setChannelAttributes(channelId: string, attributes: AttributesMap,
                             options?: ChannelAttributeOptions): Promise<void> {
    await this.writeChannelAttributes('setChannelAttributes', channelId, attributes, options, true);
  }

  async addOrUpdateChannelAttributes(channelId: string, attributes: AttributesMap,
                                     options?: ChannelAttributeOptions): Promise<void> {
    await this.writeChannelAttributes('addOrUpdateChannelAttributes', channelId, attributes, options, false);
  }

  async deleteChannelAttributesByKeys(channelId: string, attributeKeys: string[],
                                      options?: ChannelAttributeOptions): Promise<void> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'deleteChannelAttributesByKeys');
    if (!isValidId(channelId) || !isValidKeyList(attributeKeys, Number.MAX_SAFE_INTEGER)) {
      throw new RtmInvalidStatusError(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'invalid channel id or keys');
    }
    await call('deleteChannelAttributesByKeys', ATTR, () => this.connection.request({
      case: 'deleteChannelAttributesByKeys',
      value: { channelId, keys: attributeKeys, notifyMembers: options?.enableNotificationToChannelMembers ?? false },
    }, REQUEST_TIMEOUT_MS));
  }

  async clearChannelAttributes(channelId: string, options?: ChannelAttributeOptions): Promise<void> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, 'clearChannelAttributes');
    if (!isValidId(channelId)) {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'invalid channel id');
    }
    await call('clearChannelAttributes', ATTR, () => this.connection.request({
      case: 'clearChannelAttributes',
      value: { channelId, notifyMembers: options?.enableNotificationToChannelMembers ?? false },
    }, REQUEST_TIMEOUT_MS));
  }

  private async writeChannelAttributes(op: string, channelId: string, attributes: AttributesMap,
                                       options: ChannelAttributeOptions | undefined, replace: boolean): Promise<void> {
    this.requireLoggedIn(A.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN, op);
    if (!isValidId(channelId)) {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'invalid channel id');
    }
    const bad = checkAttributes(attributes, MAX_CHANNEL_ATTRIBUTES_BYTES);
    if (bad === 'invalid') {
      throw invalid(A.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, 'a non-empty map of valid keys and values');
    }
    if (bad === 'too_large') {
      throw limit(A.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW, 'over 32 attributes, 8 KB a value or 32 KB in all');
    }
    const value = {
      channelId, attributes: Object.entries(attributes).map(([key, v]) => ({ key, value: v })),
      notifyMembers: options?.enableNotificationToChannelMembers ?? false,
    };
    await call(op, ATTR, () => this.connection.request(replace ? { case: 'setChannelAttributes', value }
      : { case: 'addOrUpdateChannelAttributes', value }, REQUEST_TIMEOUT_MS));
  }

  /** A reconnect landed on a fresh session: the local user's attributes are set again. */
  restore(): void {
    if (this.userAttributes && Object.keys(this.userAttributes).length > 0) {
      const attributes = Object.entries(this.userAttributes).map(([key, value]) => ({ key, value }));
      this.connection.request({ case: 'setLocalUserAttributes', value: { attributes } }, REQUEST_TIMEOUT_MS)
        .catch((err: unknown) => this.log.warn(`restoring user attributes after a reconnect failed: ${String(err)}`));
    }
  }

  sessionClosed(): void {
    this.userAttributes = null;
  }

  private requireLoggedIn(code: number, op: string): void {
    if (this.connection.connectionState !== 'CONNECTED') {
      throw notLoggedIn(code, op);
    }
  }
}

function readChannelAttributes(reply: ServerFrame): ChannelAttributes {
  const out: ChannelAttributes = {};
  if (reply.body.case === 'channelAttributes') {
    for (const a of reply.body.value.attributes) {
      out[a.key] = { value: a.value, lastUpdateUserId: a.lastUpdateUserId, lastUpdateTs: Number(a.lastUpdateTs) };
    }
  }
  return out;
}
