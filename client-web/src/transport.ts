/**
 * The seam between the SDK and the network: a transport opens one socket to an endpoint; each
 * binary message is one frame. The SDK uses {@link WebSocketTransport}; unit tests use a fake.
 */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: Uint8Array): void;
  /** Called once, whether the socket closed, failed to open, or was closed by the SDK. */
  onClose(code: number, reason: string): void;
}

export interface Socket {
  send(data: Uint8Array): void;
  close(): void;
}

export interface Transport {
  open(url: string, handlers: SocketHandlers): Socket;
}

interface WebSocketLike {
  binaryType: string;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

type WebSocketCtor = new (url: string) => WebSocketLike;

/**
 * The platform's WebSocket: the browser's (or Node's built-in one where present), else the `ws`
 * package, imported only when there is none (Node 20).
 */
export async function platformWebSocket(): Promise<WebSocketCtor> {
  const g = globalThis as { WebSocket?: WebSocketCtor };
  if (typeof g.WebSocket === 'function') {
    return g.WebSocket;
  }
  const m = (await import('ws')) as unknown as { default?: WebSocketCtor; WebSocket?: WebSocketCtor };
  const ctor = m.default ?? m.WebSocket;
  if (!ctor) {
    throw new Error('no WebSocket implementation: install the "ws" package');
  }
  return ctor;
}

export class WebSocketTransport implements Transport {
  constructor(private readonly ctor: () => Promise<WebSocketCtor> = platformWebSocket) {
  }

  open(url: string, handlers: SocketHandlers): Socket {
    let closed = false;
    let ws: WebSocketLike | null = null;
    const done = (code: number, reason: string) => {
      if (!closed) {
        closed = true;
        handlers.onClose(code, reason);
      }
    };
    this.ctor().then((Ctor) => {
      if (closed) {
        return;
      }
      ws = new Ctor(url);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        if (!closed) {
          handlers.onOpen();
        }
      };
      ws.onmessage = (ev) => {
        const d = ev.data;
        if (closed) {
          return;
        }
        if (d instanceof ArrayBuffer) {
          handlers.onMessage(new Uint8Array(d));
        } else if (ArrayBuffer.isView(d)) {
          handlers.onMessage(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
        }
        // text is not part of the protocol: ignored
      };
      ws.onerror = () => undefined; // onclose follows with the details
      ws.onclose = (ev) => done(ev.code, ev.reason);
    }).catch((err: unknown) => done(1006, String(err)));
    return {
      send: (data) => {
        if (ws && ws.readyState === 1) {
          ws.send(data);
        }
      },
      close: () => {
        try {
          ws?.close(1000);
        } catch {
          // closing a socket that never opened
        }
        done(1000, 'closed by the client');
      },
    };
  }
}
