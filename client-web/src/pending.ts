import type { ServerFrame } from './gen/parley/v1/frames_pb';
import type { Clock } from './clock';

/** Why a request got no reply. */
export type RequestFailure = 'timeout' | 'connection_lost' | 'session_lost' | 'session_closed' | 'not_connected';

export class RequestFailed extends Error {
  constructor(readonly failure: RequestFailure) {
    super(failure);
    this.name = 'RequestFailed';
  }
}

interface Entry {
  resolve(frame: ServerFrame): void;
  reject(err: RequestFailed): void;
  timer: unknown;
  /** Answered by the server session (survives a resume), not by one connection. */
  sessionBound: boolean;
}

/**
 * Requests awaiting their reply, by request id. Every entry ends exactly once: its reply, its
 * timeout, or a failure of its connection or session. Request ids are uint32, never 0.
 */
export class PendingRequests {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;

  constructor(private readonly clock: Clock) {
  }

  /** A fresh request id and the promise of its reply. */
  register(timeoutMs: number, sessionBound: boolean): { requestId: number; reply: Promise<ServerFrame> } {
    const requestId = this.nextId;
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    const reply = new Promise<ServerFrame>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (this.entries.delete(requestId)) {
          reject(new RequestFailed('timeout'));
        }
      }, timeoutMs);
      this.entries.set(requestId, { resolve, reject, timer, sessionBound });
    });
    return { requestId, reply };
  }

  /** A reply arrived; false if nobody waits for it (late, after a timeout). */
  complete(frame: ServerFrame): boolean {
    const e = this.entries.get(frame.requestId);
    if (!e) {
      return false;
    }
    this.entries.delete(frame.requestId);
    this.clock.clearTimeout(e.timer);
    e.resolve(frame);
    return true;
  }

  fail(requestId: number, failure: RequestFailure): void {
    const e = this.entries.get(requestId);
    if (e) {
      this.entries.delete(requestId);
      this.clock.clearTimeout(e.timer);
      e.reject(new RequestFailed(failure));
    }
  }

  /** The connection closed: its own requests fail; session-bound ones wait for the resume. */
  failConnectionBound(): void {
    for (const [id, e] of [...this.entries]) {
      if (!e.sessionBound) {
        this.fail(id, 'connection_lost');
      }
    }
  }

  failAll(failure: RequestFailure, except?: ReadonlySet<number>): void {
    for (const id of [...this.entries.keys()]) {
      if (!except?.has(id)) {
        this.fail(id, failure);
      }
    }
  }

  has(requestId: number): boolean {
    return this.entries.has(requestId);
  }

  get size(): number {
    return this.entries.size;
  }
}
