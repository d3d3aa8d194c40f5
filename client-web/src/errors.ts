/**
 * The error classes of RTM Web SDK 1.x. Each carries the numeric `code` of the operation's
 * `RtmErrorCode` enum (codes.ts) and, when the server answered, the Parley wire error name as
 * `serverCode`. The message reads " Error Code <code>[, server Code <serverCode>] - <description>."
 */
export class RtmError extends Error {
  readonly code: number | string;
  readonly serverCode?: number | string;
  readonly originalError?: unknown;

  constructor(name: string, code: number | string, description: string, serverCode?: number | string,
              originalError?: unknown) {
    super(` Error Code ${code}${serverCode !== undefined ? `, server Code ${serverCode}` : ''} - ${description}.`);
    this.name = name;
    this.code = code;
    if (serverCode !== undefined) {
      this.serverCode = serverCode;
    }
    if (originalError !== undefined) {
      this.originalError = originalError;
    }
  }
}

function errorClass(name: string) {
  return class extends RtmError {
    constructor(code: number | string, description: string, serverCode?: number | string, originalError?: unknown) {
      super(name, code, description, serverCode, originalError);
    }
  };
}

export const RtmInvalidArgumentError = errorClass('RtmInvalidArgumentError');
export const RtmInvalidStatusError = errorClass('RtmInvalidStatusError');
export const RtmLimitExceededError = errorClass('RtmLimitExceededError');
export const RtmInvokeTooOftenError = errorClass('RtmInvokeTooOftenError');
export const RtmTimeoutError = errorClass('RtmTimeoutError');
export const RtmUnauthenticatedError = errorClass('RtmUnauthenticatedError');
export const RtmUnknownError = errorClass('RtmUnknownError');
export const RtmInternalError = errorClass('RtmInternalError');

export class RtmUnavailableError extends RtmError {
  readonly statusCode?: number;

  constructor(code: number | string, description: string, serverCode?: number | string, originalError?: unknown) {
    super('RtmUnavailableError', code, description, serverCode, originalError);
  }
}

export type RtmErrorClass = new (code: number | string, description: string, serverCode?: number | string,
                                 originalError?: unknown) => RtmError;
