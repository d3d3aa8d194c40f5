import { RtmClient, type ClientDeps, type RtmConfig } from './client';
import { CreateInstanceError } from './codes';
import {
  ConnectionChangeReason, ConnectionState, LOG_FILTER_DEBUG, LOG_FILTER_ERROR, LOG_FILTER_INFO, LOG_FILTER_OFF,
  LOG_FILTER_WARNING, LocalInvitationFailureReason, LocalInvitationState, MessageType, PeerOnlineState,
  PeerSubscriptionOption, RemoteInvitationFailureReason, RemoteInvitationState,
} from './enums';
import { RtmInvalidArgumentError } from './errors';
import { END_CALL_PREFIX } from './messages';

const DEFAULT_ENDPOINT = 'ws://localhost:9601/rtm';
const AREA_CODES = new Set(['GLOBAL', 'INDIA', 'JAPAN', 'ASIA', 'EUROPE', 'CHINA', 'NORTH_AMERICA']);
const LEGACY_AREA_CODES = new Set(['CN', 'NA', 'EU', 'AS', 'JP', 'IN', 'GLOB', 'OC', 'SA', 'AF', 'OVS']);
const parameters = new Map<string, unknown>();

/**
 * Where the server is: `config.endpoints`, else the global `PARLEY_SERVER` (a property of
 * `globalThis` in a browser, the environment variable under Node; one URL or several
 * comma-separated), else ws://localhost:9601/rtm.
 */
function endpointsOf(config: RtmConfig | undefined): string[] {
  const given = config?.endpoints;
  if (given !== undefined) {
    if (!Array.isArray(given) || given.length === 0 || !given.every((e) => typeof e === 'string' && /^wss?:\/\//.test(e))) {
      throw new RtmInvalidArgumentError(CreateInstanceError.CREATE_INSTANCE_ERR_INVALID_ARGUMENT,
        'endpoints must be a non-empty list of ws:// or wss:// URLs');
    }
    return [...given];
  }
  const g = globalThis as { PARLEY_SERVER?: unknown; process?: { env?: Record<string, string | undefined> } };
  const fromGlobal = typeof g.PARLEY_SERVER === 'string' ? g.PARLEY_SERVER : g.process?.env?.PARLEY_SERVER;
  if (fromGlobal) {
    return fromGlobal.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  }
  return [DEFAULT_ENDPOINT];
}

function createInstance(appId: string, config?: RtmConfig, areaCodes?: string[]): RtmClient {
  return createClient(appId, config, areaCodes);
}

/** @internal createInstance with injected time and transport (unit tests). */
export function createClient(appId: string, config?: RtmConfig, areaCodes?: string[], deps?: ClientDeps): RtmClient {
  if (typeof appId !== 'string' || !/^[\dA-Za-z]{32}$/.test(appId)) {
    throw new RtmInvalidArgumentError(CreateInstanceError.CREATE_INSTANCE_ERR_INVALID_ARGUMENT,
      'the app id must be 32 letters or digits');
  }
  if (areaCodes !== undefined && (!Array.isArray(areaCodes) || areaCodes.length === 0
      || !areaCodes.every((a) => LEGACY_AREA_CODES.has(a)))) {
    throw new RtmInvalidArgumentError(CreateInstanceError.CREATE_INSTANCE_ERR_INVALID_ARGUMENT, 'invalid area codes');
  }
  if (config !== undefined && (typeof config !== 'object' || config === null)) {
    throw new RtmInvalidArgumentError(CreateInstanceError.CREATE_INSTANCE_ERR_INVALID_ARGUMENT, 'invalid config');
  }
  return new RtmClient(appId, endpointsOf(config), config ?? {}, deps);
}

/** Accepted for compatibility: a Parley deployment is where its endpoints are. */
function setArea(areaConfig: { areaCodes: string[]; excludedArea?: string }): void {
  const codes = areaConfig?.areaCodes;
  if (!Array.isArray(codes) || codes.length === 0 || !codes.every((c) => AREA_CODES.has(c))) {
    throw new RtmInvalidArgumentError(1, 'areaCodes must be a non-empty list of AreaCode values');
  }
  const excluded = areaConfig.excludedArea;
  if (excluded !== undefined && (excluded === 'GLOBAL' || !AREA_CODES.has(excluded) || codes.includes(excluded))) {
    throw new RtmInvalidArgumentError(1, 'invalid excludedArea');
  }
}

/**
 * The module value, shaped like RTM Web SDK 1.x's `AgoraRTM` (the same keys, in the same order,
 * and no `default`): `import AgoraRTM from 'parley-rtm-sdk'`, `require('parley-rtm-sdk')` and
 * the `AgoraRTM` global of the browser bundle all give this object.
 */
const AgoraRTM = {
  createInstance,
  BUILD: 'parley-0.1.0',
  VERSION: '1.5.1',
  END_CALL_PREFIX,
  processId: randomId(),
  ConnectionChangeReason,
  ConnectionState,
  LocalInvitationFailureReason,
  LocalInvitationState,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
  MessageType,
  PeerOnlineState,
  PeerSubscriptionOption,
  LOG_FILTER_OFF,
  LOG_FILTER_ERROR,
  LOG_FILTER_WARNING,
  LOG_FILTER_INFO,
  LOG_FILTER_DEBUG,
  setParameter: (key: string, value: unknown): void => {
    parameters.set(key, value);
  },
  getParameter: (key: string): unknown => parameters.get(key),
  setArea,
};

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

export default AgoraRTM;
