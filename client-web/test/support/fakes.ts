import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ClientFrameSchema, ServerFrameSchema, type ClientFrame,
} from '../../src/gen/parley/v1/frames_pb';
import type { Clock } from '../../src/clock';
import type { Socket, SocketHandlers, Transport } from '../../src/transport';

/** A clock whose time moves only when the test says so; due timers fire in order. */
export class FakeClock implements Clock {
  private time = 1_000_000;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing each timer due on the way (and the microtasks each one queues). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) {
        if (e[1].at <= end && (!next || e[1].at < next[1].at)) {
          next = e;
        }
      }
      if (!next) {
        break;
      }
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}

/** Lets queued promise callbacks run (no time passes). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
  await new Promise((r) => setImmediate(r));
}

type ServerInit = MessageInitShape<typeof ServerFrameSchema>;

/** One socket the client opened; the test plays the server. */
export class FakeSocket implements Socket {
  readonly sent: ClientFrame[] = [];
  closedByClient = false;
  private ended = false;

  constructor(readonly url: string, private readonly handlers: SocketHandlers) {
  }

  send(data: Uint8Array): void {
    if (!this.ended) {
      this.sent.push(fromBinary(ClientFrameSchema, data));
    }
  }

  close(): void {
    this.closedByClient = true;
    this.end(1000, 'client');
  }

  open(): void {
    this.handlers.onOpen();
  }

  deliver(frame: ServerInit): void {
    this.handlers.onMessage(toBinary(ServerFrameSchema, create(ServerFrameSchema, frame)));
  }

  deliverBytes(bytes: Uint8Array): void {
    this.handlers.onMessage(bytes);
  }

  /** The server or the network ended it. */
  end(code = 1006, reason = 'gone'): void {
    if (!this.ended) {
      this.ended = true;
      this.handlers.onClose(code, reason);
    }
  }

  last(kase: ClientFrame['body']['case']): ClientFrame {
    const f = [...this.sent].reverse().find((x) => x.body.case === kase);
    if (!f) {
      throw new Error(`no ${String(kase)} frame sent; sent: ${this.sent.map((x) => x.body.case).join(',')}`);
    }
    return f;
  }

  /** Answers the last login with OK. */
  acceptLogin(sessionId = 's1', resumed = false): void {
    const login = this.last('login');
    this.deliver({ requestId: login.requestId, status: {}, body: { case: 'loginReply',
      value: { sessionId, resumed, heartbeatIntervalMs: 2000 } } });
  }
}

export class FakeTransport implements Transport {
  readonly sockets: FakeSocket[] = [];

  open(url: string, handlers: SocketHandlers): Socket {
    const s = new FakeSocket(url, handlers);
    this.sockets.push(s);
    return s;
  }

  get last(): FakeSocket {
    const s = this.sockets[this.sockets.length - 1];
    if (!s) {
      throw new Error('no socket opened');
    }
    return s;
  }
}
