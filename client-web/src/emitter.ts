/** Any listener signature (the constraint of an event map). */
type Listener = (...args: never[]) => void;
/** How listeners are stored and called: the event map types them at on()/emit(). */
type Stored = (...args: unknown[]) => void;

/** A listener as stored (one cast, in one place: on() checked its type against the event map). */
const stored = (listener: unknown): Stored => listener as Stored;

interface Entry {
  listener: Stored;
  raw: Stored;
}

/**
 * The event emitter the SDK's classes extend, with the API of Node's `events` (which RTM Web SDK
 * 1.x exposes): on/once/off/removeAllListeners/listeners/rawListeners/listenerCount. A listener
 * that throws is reported to the log and does not stop the others or the SDK.
 */
export class EventEmitter<Events extends { [K in keyof Events]: Listener } = Record<string, Listener>> {
  static defaultMaxListeners = 10;
  private readonly events = new Map<keyof Events, Entry[]>();
  /** Where a throwing listener is reported; the client sets its logger here. */
  protected onListenerError: (event: string, err: unknown) => void = (event, err) => {
    console.error(`[parley-rtm] a ${event} listener threw`, err);
  };

  on<E extends keyof Events>(eventName: E, listener: Events[E]): this {
    const list = this.events.get(eventName) ?? [];
    list.push({ listener: stored(listener), raw: stored(listener) });
    this.events.set(eventName, list);
    return this;
  }

  once<E extends keyof Events>(eventName: E, listener: Events[E]): this {
    const wrapper: Stored = (...args) => {
      this.off(eventName, wrapper as unknown as Events[E]);
      stored(listener)(...args);
    };
    const list = this.events.get(eventName) ?? [];
    list.push({ listener: wrapper, raw: stored(listener) });
    this.events.set(eventName, list);
    return this;
  }

  off<E extends keyof Events>(eventName: E, listener: Events[E]): this {
    const list = this.events.get(eventName);
    if (list) {
      const i = list.findIndex((e) => e.listener === stored(listener) || e.raw === stored(listener));
      if (i >= 0) {
        list.splice(i, 1);
      }
    }
    return this;
  }

  removeAllListeners(eventName?: keyof Events): this {
    if (eventName === undefined) {
      this.events.clear();
    } else {
      this.events.delete(eventName);
    }
    return this;
  }

  listeners(eventName: keyof Events): Stored[] {
    return (this.events.get(eventName) ?? []).map((e) => e.raw);
  }

  rawListeners(eventName: keyof Events): Stored[] {
    return (this.events.get(eventName) ?? []).map((e) => e.listener);
  }

  listenerCount(eventName: keyof Events): number {
    return this.events.get(eventName)?.length ?? 0;
  }

  /** Calls each listener of the event in order; returns whether there was one. */
  protected emit<E extends keyof Events>(eventName: E, ...args: Parameters<Events[E]>): boolean {
    const list = this.events.get(eventName);
    if (!list || list.length === 0) {
      return false;
    }
    for (const e of [...list]) {
      try {
        e.listener(...args);
      } catch (err) {
        this.onListenerError(String(eventName), err);
      }
    }
    return true;
  }
}
