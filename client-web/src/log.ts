import { LOG_FILTER_INFO, type LogFilterType } from './enums';

/** The SDK's log, filtered by `logFilter` (RtmConfig); writes to the console with a prefix. */
export class Logger {
  constructor(public filter: LogFilterType = LOG_FILTER_INFO) {
  }

  debug(msg: string): void {
    if (this.filter.debug) {
      console.debug(`[parley-rtm] ${msg}`);
    }
  }

  info(msg: string): void {
    if (this.filter.info) {
      console.info(`[parley-rtm] ${msg}`);
    }
  }

  warn(msg: string): void {
    if (this.filter.warn) {
      console.warn(`[parley-rtm] ${msg}`);
    }
  }

  error(msg: string, err?: unknown): void {
    if (this.filter.error) {
      console.error(`[parley-rtm] ${msg}`, ...(err === undefined ? [] : [err]));
    }
  }
}
