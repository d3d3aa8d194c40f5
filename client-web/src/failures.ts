import { ErrorCode, type ServerFrame } from './gen/parley/v1/frames_pb';
import {
  RtmError, RtmInvalidArgumentError, RtmInvalidStatusError, RtmLimitExceededError, RtmTimeoutError,
  RtmUnavailableError, RtmUnknownError, type RtmErrorClass,
} from './errors';
import { RequestFailed } from './pending';

/** How one operation reports its failures: the RTM code (and error class) for each outcome. */
export interface FailureCodes {
  notLoggedIn: number;
  timeout?: number;
  failure: number;
  /** Server codes with their own RTM code and class. */
  server?: Partial<Record<ErrorCode, [RtmErrorClass, number]>>;
}

/** The error for a server reply with a failure status. */
export function serverError(op: string, codes: FailureCodes, reply: ServerFrame): RtmError {
  const code = reply.status?.code ?? ErrorCode.INTERNAL;
  const mapped = codes.server?.[code];
  const detail = reply.status?.message ? `${op}: ${reply.status.message}` : `${op} failed`;
  if (mapped) {
    return new mapped[0](mapped[1], detail, ErrorCode[code]);
  }
  if (code === ErrorCode.NOT_LOGGED_IN) {
    return new RtmInvalidStatusError(codes.notLoggedIn, `${op}: not logged in`, ErrorCode[code]);
  }
  if (code === ErrorCode.TIMEOUT && codes.timeout !== undefined) {
    return new RtmTimeoutError(codes.timeout, `${op} timed out`, ErrorCode[code]);
  }
  return new RtmUnavailableError(codes.failure, detail, ErrorCode[code]);
}

/** The error for a request that got no reply (timeout, connection or session lost, not logged in). */
export function requestError(op: string, codes: FailureCodes, err: unknown): RtmError {
  if (err instanceof RtmError) {
    return err;
  }
  if (err instanceof RequestFailed) {
    switch (err.failure) {
      case 'not_connected':
        return new RtmInvalidStatusError(codes.notLoggedIn, `${op}: not logged in`);
      case 'timeout':
        return codes.timeout !== undefined ? new RtmTimeoutError(codes.timeout, `${op} timed out`)
          : new RtmUnknownError(codes.failure, `${op} timed out`);
      default:
        return new RtmUnavailableError(codes.failure, `${op}: ${err.failure.replace('_', ' ')}`);
    }
  }
  return new RtmUnknownError(codes.failure, `${op}: ${String(err)}`, undefined, err);
}

/** Sends, waits, and turns anything but OK into the operation's RTM error. */
export async function call(op: string, codes: FailureCodes, send: () => Promise<ServerFrame>): Promise<ServerFrame> {
  let reply: ServerFrame;
  try {
    reply = await send();
  } catch (err) {
    throw requestError(op, codes, err);
  }
  if ((reply.status?.code ?? ErrorCode.OK) !== ErrorCode.OK) {
    throw serverError(op, codes, reply);
  }
  return reply;
}

export const invalid = (code: number, what: string): RtmError => new RtmInvalidArgumentError(code, what);
export const notLoggedIn = (code: number, op: string): RtmError => new RtmInvalidStatusError(code, `${op}: not logged in`);
export const limit = (code: number, what: string): RtmError => new RtmLimitExceededError(code, what);
